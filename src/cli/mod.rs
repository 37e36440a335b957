//! The `chronicler` command's own parts, which have no place in the
//! library: the arguments and the configuration they become (`config`),
//! running `extract` over the inputs (`extract`), what is drawn on the
//! terminal (`progress`), and the messages on standard error.

pub mod config;
pub mod extract;
pub mod progress;

use chronicler::Error;
use std::io::Write;

/// `1 event`, `2 events`, `3 timeline entries`.
pub(crate) fn count(n: usize, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {what}s"),
    }
}

pub(crate) fn error(e: &Error) {
    let _ = writeln!(std::io::stderr(), "chronicler: {e}");
}

pub(crate) fn note(msg: &str) {
    let _ = writeln!(std::io::stderr(), "chronicler: {msg}");
}
