//! One module per command, each with its arguments and one `run()`.
//! `run` returns the exit code; an `Err` is a usage or write error (exit code 2).
//! What the commands share is in [`inputs`]; they never call into each other.

pub mod aggregate;
pub mod catalog;
pub mod console;
pub mod feedback;
pub mod help;
pub mod inputs;
pub mod links;
pub mod prefill;
pub mod score;
pub mod serve;
pub mod template;
pub mod validate;
