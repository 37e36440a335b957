#!/usr/bin/env bash
# The full-size pathological-input tests (a 50 MB document without a
# newline, a million empty lines, linear time in the size of each input),
# which are #[ignore]d in `cargo test` and need a release build to run in
# reasonable time. Run by hand (a timing benchmark; not in .ci/run, where
# timings on a shared 2-core machine are noise).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --quiet --test pathological -- --ignored --nocapture
