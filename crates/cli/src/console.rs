//! Writing to the terminal without panicking: a closed pipe or any other write error on
//! stdout or stderr (`iadsim run … 2>&1 | head -n 3`) is remembered, the command goes on
//! and commits its files, and the exit status becomes 1 (an output failure) instead of 0.
//! `std`'s `eprintln!` and `println!` panic on such errors; the crate shadows them with
//! the macros at the top of `main.rs`, which call these functions.

use std::fmt::Arguments;
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a write to stdout or stderr has failed.
static FAILED: AtomicBool = AtomicBool::new(false);

fn write_to(mut w: impl Write, args: Arguments<'_>, newline: bool) {
    let res = w
        .write_fmt(args)
        .and_then(|()| if newline { w.write_all(b"\n") } else { Ok(()) })
        .and_then(|()| w.flush());
    if res.is_err() {
        FAILED.store(true, Ordering::Relaxed);
    }
}

/// Writes to stdout.
pub fn out(args: Arguments<'_>, newline: bool) {
    write_to(std::io::stdout().lock(), args, newline);
}

/// Writes to stderr.
pub fn err(args: Arguments<'_>, newline: bool) {
    write_to(std::io::stderr().lock(), args, newline);
}

/// The exit status: `code`, or 1 if it was success and a terminal write failed.
pub fn finish(code: ExitCode) -> ExitCode {
    if code == ExitCode::SUCCESS && FAILED.load(Ordering::Relaxed) {
        ExitCode::from(1)
    } else {
        code
    }
}
