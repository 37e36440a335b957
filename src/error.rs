//! The one error type of the library: a kind callers can match on, plus the
//! context (which input, which field) as a lowercase message.
//!
//! Consistency findings are *not* errors (see `check`): an error means the
//! input could not be processed at all.

use std::fmt;

/// What went wrong, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input (file, stdin, record) could not be read.
    Io,
    /// Bytes that are not UTF-8 where text was expected.
    InvalidUtf8,
    /// A publication date that could not be parsed, or none at all.
    PublicationDate,
    /// A malformed input document or record (bad JSON, bad TimeML, missing field).
    InvalidInput,
    /// A document larger than the configured limit.
    TooLarge,
    /// Writing output failed.
    Output,
}

/// The library's error: a kind and a message naming the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// Builds an error of `kind` with a message (lowercase, naming the input).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prefixes the message with the name of the input it concerns.
    pub fn context(mut self, what: impl fmt::Display) -> Error {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, e.to_string())
    }
}

/// Result with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
