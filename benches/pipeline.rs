//! Criterion benches of the pipeline stages on real newswire: the texts of
//! the TempEval-3 TBAQ-cleaned corpus (`../shared/corpora/tbaq-cleaned`,
//! 256 TimeML documents, each resolved against its own DCT), read at bench
//! time and never copied into the repository.
//!
//! ```sh
//! cargo bench                                  # every stage
//! cargo bench -- tbaq/extract                  # one of them
//! cargo bench -- --save-baseline before        # then, after a change:
//! cargo bench -- --baseline before             #   compare with it
//! CHRONICLER_BENCH_CORPUS=DIR cargo bench      # another folder of .tml files
//! ```
//!
//! One iteration runs a stage over the whole corpus, so the throughput
//! criterion reports (bytes of document text per second) is that of the
//! stage on the corpus. Each stage gets the previous stages' output computed
//! beforehand (`chronicler::pipeline`):
//!
//! * `segment`: sentences;
//! * `recognise`: candidate time expressions;
//! * `resolve`: values against the DCT, with the tense read around each;
//! * `events`: event triggers and their anchoring to the timexes;
//! * `extract`: the whole of `chronicler::extract` (the four above, plus the
//!   timeline and the consistency checks).
//!
//! Without the corpus the benches print why and do nothing.
//!
//! `cargo test` runs this target too (`test = true`): each stage once on the
//! first few documents, to check that the benches still build and run. That
//! check does not go through criterion, whose argument parser would refuse
//! libtest options such as `cargo test -- --test-threads=1` or `--skip`.

use chronicler::pipeline;
use chronicler::resolve::Policies;
use chronicler::text::Sentence;
use chronicler::timex::rules::Candidate;
use chronicler::timex::Timex;
use chronicler::{Options, Published};
use chrono::NaiveDate;
use criterion::{criterion_group, BatchSize, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many documents the check run by `cargo test` uses (and a test
/// runner's `--list`).
const TEST_MODE_DOCS: usize = 8;

/// Whether criterion measures: under `cargo bench` (`--bench`), unless
/// `--test` is given too (criterion's own rule).
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench") && !has("--test")
}

/// The corpus folder: `$CHRONICLER_BENCH_CORPUS`, or TBAQ-cleaned in the
/// shared folder next to the repository.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("CHRONICLER_BENCH_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/tbaq-cleaned"),
    }
}

/// One document with the output of each stage, computed once.
struct Doc {
    text: String,
    published: NaiveDate,
    options: Options,
    sentences: Vec<Sentence>,
    candidates: Vec<Candidate>,
    timexes: Vec<Timex>,
}

/// Every `.tml` file under `dir`, sorted.
fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            tml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// The corpus documents with a DCT (at most `limit`), or why there are none.
fn load(dir: &Path, policies: &Policies, limit: usize) -> Result<Vec<Doc>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{} not found (the shared corpora live next to the repository; \
             set CHRONICLER_BENCH_CORPUS to a folder of .tml files)",
            dir.display()
        ));
    }
    let mut files = Vec::new();
    tml_files(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut docs = Vec::new();
    let mut skipped = 0;
    for path in &files {
        if docs.len() == limit {
            break;
        }
        let Ok(tml) = chronicler::timeml::read(path) else {
            skipped += 1;
            continue;
        };
        let Some(published) = tml.published() else {
            skipped += 1;
            continue;
        };
        let text = tml.text;
        let date = published.date;
        let sentences = pipeline::segment(&text);
        let candidates = pipeline::recognise(&text, policies);
        let timexes = pipeline::resolve(&text, &sentences, candidates.clone(), date, policies);
        docs.push(Doc {
            text,
            published: date,
            options: Options {
                policies: *policies,
                ..Options::with_published(Published::given(date))
            },
            sentences,
            candidates,
            timexes,
        });
    }
    if skipped > 0 {
        eprintln!("bench: skipped {skipped} file(s) that do not parse or have no DCT");
    }
    if docs.is_empty() {
        return Err(format!(
            "no TimeML document with a DCT in {}",
            dir.display()
        ));
    }
    Ok(docs)
}

/// The corpus, or `None` after saying why the benches are skipped.
fn load_or_skip(policies: &Policies, limit: usize) -> Option<Vec<Doc>> {
    let dir = corpus_dir();
    match load(&dir, policies, limit) {
        Ok(docs) => {
            let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
            eprintln!(
                "bench: {} documents, {bytes} bytes of text, from {}",
                docs.len(),
                dir.display()
            );
            Some(docs)
        }
        Err(why) => {
            eprintln!("bench: skipping the pipeline benches: {why}");
            None
        }
    }
}

// One function per stage, over the whole corpus: what an iteration times.

fn segment(docs: &[Doc]) {
    for d in docs {
        black_box(pipeline::segment(black_box(&d.text)));
    }
}

fn recognise(docs: &[Doc], policies: &Policies) {
    for d in docs {
        black_box(pipeline::recognise(black_box(&d.text), policies));
    }
}

/// `candidates[i]` are those of `docs[i]` (moved in, as `extract` does).
fn resolve(docs: &[Doc], candidates: Vec<Vec<Candidate>>, policies: &Policies) {
    for (d, c) in docs.iter().zip(candidates) {
        black_box(pipeline::resolve(
            black_box(&d.text),
            &d.sentences,
            c,
            d.published,
            policies,
        ));
    }
}

fn events(docs: &[Doc]) {
    for d in docs {
        black_box(pipeline::events(
            black_box(&d.text),
            &d.sentences,
            &d.timexes,
        ));
    }
}

/// The number of documents `extract` failed on (none: every TBAQ DCT is a
/// full date in 0000-9999).
fn extract(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| black_box(chronicler::extract(black_box(&d.text), &d.options)).is_err())
        .count()
}

fn candidates(docs: &[Doc]) -> Vec<Vec<Candidate>> {
    docs.iter().map(|d| d.candidates.clone()).collect()
}

fn stages(c: &mut Criterion) {
    let policies = Policies::default();
    let limit = if measuring() {
        usize::MAX
    } else {
        TEST_MODE_DOCS
    };
    let Some(docs) = load_or_skip(&policies, limit) else {
        return;
    };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("tbaq");
    group.throughput(Throughput::Bytes(bytes as u64));
    // An iteration takes milliseconds to a few hundred: few, flat samples,
    // so that the whole run takes about a minute.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("segment", |b| b.iter(|| segment(&docs)));
    group.bench_function("recognise", |b| b.iter(|| recognise(&docs, &policies)));
    group.bench_function("resolve", |b| {
        b.iter_batched(
            || candidates(&docs),
            |c| resolve(&docs, c, &policies),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("events", |b| b.iter(|| events(&docs)));
    group.bench_function("extract", |b| b.iter(|| extract(&docs)));
    group.finish();
}

criterion_group!(benches, stages);

/// Each stage once on the first few documents (`cargo test`).
fn check_once() {
    let policies = Policies::default();
    let Some(docs) = load_or_skip(&policies, TEST_MODE_DOCS) else {
        return;
    };
    segment(&docs);
    recognise(&docs, &policies);
    resolve(&docs, candidates(&docs), &policies);
    events(&docs);
    let failed = extract(&docs);
    assert_eq!(failed, 0, "extract failed on {failed} document(s)");
    eprintln!("bench: every stage ran once; `cargo bench` measures them");
}

fn main() {
    // `--list` (test runners asking for names) goes to criterion as well.
    if measuring() || std::env::args().any(|a| a == "--list") {
        benches();
        Criterion::default().configure_from_args().final_summary();
    } else {
        check_once();
    }
}
