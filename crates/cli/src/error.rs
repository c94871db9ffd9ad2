//! The CLI's error type: usage mistakes, I/O failures and library errors.

use std::fmt;

/// What went wrong in a subcommand.
#[derive(Debug)]
pub enum CliError {
    /// The command line is wrong; the usage text follows.
    Usage(String),
    /// A file could not be read or written.
    Io(String, std::io::Error),
    /// The output pipe was closed (e.g. `| head`); not an error for the user.
    BrokenPipe,
    /// Anything else, already worded for the user.
    Other(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(s) | CliError::Other(s) => f.write_str(s),
            CliError::Io(what, e) => write!(f, "{what}: {e}"),
            CliError::BrokenPipe => f.write_str("broken pipe"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

impl CliError {
    /// Wraps an error from writing to standard output.
    pub fn output(e: std::io::Error) -> CliError {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Io("writing output".into(), e)
        }
    }
}
