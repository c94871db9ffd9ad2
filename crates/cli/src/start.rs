#![allow(unsafe_code)]
//! Process start for the two binaries, whose `main` is the C runtime's
//! (`#![no_main]`): the Rust runtime's own start-up is skipped.
//!
//! That start-up reads `/proc/self/maps` (the main thread's stack guard),
//! makes a signal stack and handlers for stack overflows, on every thread
//! it spawns too, and polls the standard streams. In a 13 ms
//! `btf-to-header` run on two cores it was about 1.5 % of the wall time
//! (paired runs, docs/header.md). What of it the binaries need is done
//! here: the command line, and `SIGPIPE` ignored so that a closed pipe is
//! an `EPIPE` error ([`CliError::BrokenPipe`](crate::error::CliError)),
//! as under the Rust runtime. What is lost: a stack overflow is a plain
//! `SIGSEGV` without the runtime's message (the libraries bound their
//! recursion), and a standard stream closed at start is not reopened on
//! `/dev/null`.

use std::ffi::{OsString, c_char, c_int};

/// Starts a binary: ignores `SIGPIPE`, hands `run` the command line,
/// flushes standard output (as the Rust runtime does at exit: its buffer
/// keeps a last line that has no newline) and returns the exit status for
/// the C runtime.
///
/// # Safety
/// `argv` must hold `argc` pointers to NUL-terminated strings, as the C
/// runtime passes them to `main`.
pub unsafe fn main(argc: c_int, argv: *const *const c_char, run: impl FnOnce(Vec<OsString>) -> u8) -> c_int {
    ignore_sigpipe();
    // SAFETY: the caller's promise.
    let args = unsafe { args(argc, argv) };
    let status = run(args);
    // Like the runtime's, this flush cannot report anything: the status
    // is decided.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    c_int::from(status)
}

/// The command line from `main`'s arguments (the standard library has it
/// only from the runtime's start-up on some targets, musl among them).
#[cfg(unix)]
unsafe fn args(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    use std::os::unix::ffi::OsStringExt;
    let n = usize::try_from(argc).unwrap_or(0);
    let mut args = Vec::with_capacity(n.min(4096));
    for i in 0..n {
        // SAFETY: argv holds argc pointers (the caller's promise).
        let p = unsafe { *argv.add(i) };
        if p.is_null() {
            break;
        }
        // SAFETY: each is a NUL-terminated string (the caller's promise).
        let arg = unsafe { std::ffi::CStr::from_ptr(p) };
        args.push(OsString::from_vec(arg.to_bytes().to_vec()));
    }
    args
}

/// The command line from the system (Windows: wide strings, not `argv`).
#[cfg(not(unix))]
unsafe fn args(_argc: c_int, _argv: *const *const c_char) -> Vec<OsString> {
    std::env::args_os().collect()
}

/// `SIGPIPE` ignored, as the Rust runtime does: writes to a closed pipe
/// fail with `EPIPE` instead of ending the process.
#[cfg(unix)]
fn ignore_sigpipe() {
    // 13 and 1 on every Unix Rust supports (Linux, the BSDs, macOS,
    // illumos), though POSIX does not fix the numbers.
    const SIGPIPE: c_int = 13;
    const SIG_IGN: usize = 1;
    unsafe extern "C" {
        fn signal(signum: c_int, handler: usize) -> usize;
    }
    // SAFETY: `signal` with SIG_IGN installs no handler code; it only
    // changes the disposition, before any other thread exists.
    unsafe {
        signal(SIGPIPE, SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_sigpipe() {}
