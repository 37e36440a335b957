//! The progress bar of batch runs (`extract --input corpus.jsonl`, `extract
//! DIR`), drawn on standard error only when it is a terminal and
//! `--no-progress` is not given: documents done, MB/s, and with a known
//! input size (a JSON Lines file, the files of a folder) a bar and the time
//! left; with an unknown one (standard input) a spinner with the counts.
//! When it is not drawn, nothing at all is written for it. The library only
//! tells how far it got ([`chronicler::batch::Observer`]).

use chronicler::batch::Observer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How far a batch got, drawn or not.
pub struct Progress {
    bar: Option<ProgressBar>,
    docs: Arc<AtomicU64>,
}

impl Progress {
    /// A progress display for a batch of `total_bytes` input bytes (when
    /// known) in `total_docs` documents (when known); drawn only when
    /// `wanted` and standard error is a terminal.
    pub fn new(wanted: bool, total_bytes: Option<u64>, total_docs: Option<u64>) -> Progress {
        let docs = Arc::new(AtomicU64::new(0));
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress { bar: None, docs };
        }
        let counter = Arc::clone(&docs);
        let count = move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
            let done = counter.load(Ordering::Relaxed);
            let _ = match total_docs {
                Some(t) => write!(w, "{done}/{t} documents"),
                None if done == 1 => write!(w, "1 document"),
                None => write!(w, "{done} documents"),
            };
        };
        let template = if total_bytes.is_some() {
            "{spinner} [{wide_bar}] {docs}, {decimal_bytes}/{decimal_total_bytes} ({decimal_bytes_per_sec}), {eta} left"
        } else {
            "{spinner} {docs}, {decimal_bytes} ({decimal_bytes_per_sec}), {elapsed}"
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key("docs", count)
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::stderr());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar: Some(bar),
            docs,
        }
    }

    /// One more document done, of `bytes` input bytes.
    pub fn done(&self, bytes: u64) {
        self.docs.fetch_add(1, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Runs `f` (which writes to standard error) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn finished(&self, bytes: u64, _ok: bool) {
        self.done(bytes);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
