//! Helpers of the `chronicler` command that have no place in the library:
//! what is drawn on the terminal.

pub mod progress;
