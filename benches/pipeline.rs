//! Criterion benches of the pipeline stages on real newswire: the texts of
//! the TempEval-3 TBAQ-cleaned corpus (`../shared/corpora/tbaq-cleaned`,
//! 256 TimeML documents, each resolved against its own DCT), read at bench
//! time and never copied into the repository.
//!
//! ```sh
//! cargo bench                          # every stage
//! cargo bench -- tbaq/extract          # one of them
//! CHRONICLER_BENCH_CORPUS=DIR cargo bench   # another folder of .tml files
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

use chronicler::pipeline;
use chronicler::resolve::Policies;
use chronicler::text::Sentence;
use chronicler::timex::rules::Candidate;
use chronicler::timex::Timex;
use chronicler::{Options, Published};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// The corpus documents with a DCT, or why there are none.
fn load(dir: &Path, policies: &Policies) -> Result<Vec<Doc>, String> {
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
        let Ok(tml) = chronicler::timeml::read(path) else {
            skipped += 1;
            continue;
        };
        let Some(published) = tml.published().map(|p| p.date) else {
            skipped += 1;
            continue;
        };
        let text = tml.text;
        let sentences = pipeline::segment(&text);
        let candidates = pipeline::recognise(&text, policies);
        let timexes = pipeline::resolve(&text, &sentences, candidates.clone(), published, policies);
        docs.push(Doc {
            text,
            published,
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

fn stages(c: &mut Criterion) {
    let policies = Policies::default();
    let dir = corpus_dir();
    let docs = match load(&dir, &policies) {
        Ok(docs) => docs,
        Err(why) => {
            eprintln!("bench: skipping the pipeline benches: {why}");
            return;
        }
    };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "bench: {} documents, {} bytes of text, from {}",
        docs.len(),
        bytes,
        dir.display()
    );

    let mut group = c.benchmark_group("tbaq");
    group.throughput(Throughput::Bytes(bytes as u64));
    // An iteration takes tens to hundreds of milliseconds: few, flat samples.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));

    group.bench_function("segment", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(pipeline::segment(black_box(&d.text)));
            }
        })
    });
    group.bench_function("recognise", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(pipeline::recognise(black_box(&d.text), &policies));
            }
        })
    });
    group.bench_function("resolve", |b| {
        b.iter_batched(
            || {
                docs.iter()
                    .map(|d| d.candidates.clone())
                    .collect::<Vec<_>>()
            },
            |candidates| {
                for (d, c) in docs.iter().zip(candidates) {
                    black_box(pipeline::resolve(
                        black_box(&d.text),
                        &d.sentences,
                        c,
                        d.published,
                        &policies,
                    ));
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("events", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(pipeline::events(
                    black_box(&d.text),
                    &d.sentences,
                    &d.timexes,
                ));
            }
        })
    });
    group.bench_function("extract", |b| {
        let options: Vec<Options> = docs
            .iter()
            .map(|d| Options::with_published(Published::given(d.published)))
            .collect();
        b.iter(|| {
            for (d, o) in docs.iter().zip(&options) {
                // Every TBAQ document has a DCT in 0000-9999: extract does not fail.
                let _ = black_box(chronicler::extract(black_box(&d.text), o));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
