//! Output: standard output or the file given with `-o FILE` (`-o -` is
//! standard output). Errors writing standard output that mean the reader
//! went away (`| head`) become [`CliError::BrokenPipe`].

use crate::error::CliError;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};

/// Where a command's output goes.
#[derive(Debug)]
pub enum Output {
    /// Standard output, written to a duplicate of its file descriptor
    /// through a 64 KiB buffer: std's standard output buffers by line and
    /// searches each write for its last newline, which for a JSON dump (one
    /// long line) is a scan of everything, and splits writes in two.
    Stdout(BufWriter<File>),
    /// Standard output through std's handle (locked for the whole
    /// command), when its descriptor cannot be duplicated.
    StdoutLocked(io::StdoutLock<'static>),
    /// A file created by `-o FILE`.
    File(BufWriter<File>, PathBuf),
}

impl Output {
    /// Standard output for `None` or `-`, else a new (truncated) file.
    pub fn open(path: Option<&Path>) -> Result<Output, CliError> {
        match path {
            Some(p) if p.as_os_str() != "-" => {
                let f = File::create(p).map_err(|e| CliError::Io(format!("cannot create {}", p.display()), e))?;
                Ok(Output::File(BufWriter::with_capacity(1 << 16, f), p.to_path_buf()))
            }
            _ => match io::stdout().as_fd().try_clone_to_owned() {
                Ok(fd) => Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, File::from(fd)))),
                Err(_) => Ok(Output::StdoutLocked(io::stdout().lock())),
            },
        }
    }

    /// Maps a write error to the CLI error naming this output.
    pub fn error(&self, e: io::Error) -> CliError {
        match self {
            Output::Stdout(_) | Output::StdoutLocked(_) => CliError::output(e),
            Output::File(_, p) => CliError::Io(format!("cannot write {}", p.display()), e),
        }
    }

    /// Writes all of `bytes`, then flushes.
    pub fn write_all_flush(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        let r = self.write_all(bytes).and_then(|()| self.flush());
        r.map_err(|e| self.error(e))
    }

    /// Flushes, mapping the error.
    pub fn finish(&mut self) -> Result<(), CliError> {
        let r = self.flush();
        r.map_err(|e| self.error(e))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::StdoutLocked(s) => s.write(buf),
            Output::File(f, _) => f.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.write_all(buf),
            Output::StdoutLocked(s) => s.write_all(buf),
            Output::File(f, _) => f.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.flush(),
            Output::StdoutLocked(s) => s.flush(),
            Output::File(f, _) => f.flush(),
        }
    }
}
