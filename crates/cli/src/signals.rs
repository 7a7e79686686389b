//! SIGINT, SIGTERM and SIGHUP: the temporary files of the outputs being written are
//! deleted and the process exits with 128 + the signal's number (130 for Ctrl-C). A
//! Monte Carlo study is first asked to stop between replications (through its
//! `StudyConfig::cancel` flag), so that it ends as cleanly as an error does; a second
//! signal, or one that arrives when nothing can be cancelled, ends the process at once.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

#[cfg(unix)]
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
#[cfg(unix)]
use signal_hook::iterator::Signals;
#[cfg(not(unix))]
const SIGINT: i32 = 2;

/// The last signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// The exit status after a cancelled study: 128 + the signal that cancelled it.
pub fn cancelled_status() -> u8 {
    status(match RECEIVED.load(Ordering::SeqCst) {
        0 => SIGINT,
        s => s,
    })
}

/// The flag of the study that runs now, if any.
static CANCEL: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

/// A cancellation flag that the next signal sets (instead of ending the process).
pub fn cancellable() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    *CANCEL.lock().unwrap_or_else(|e| e.into_inner()) = Some(flag.clone());
    flag
}

/// The exit status of a process ended by signal `sig`.
pub fn status(sig: i32) -> u8 {
    (128 + sig).clamp(0, 255) as u8
}

/// Nothing to install off Unix: the default actions end the process, and the next run
/// into the same folder deletes what it left.
#[cfg(not(unix))]
pub fn install() {}

/// Starts the thread that handles the signals. Without it (if the handlers cannot be
/// installed) the default actions stay: the process ends, and the next run into the same
/// folder deletes what it left.
#[cfg(unix)]
pub fn install() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                RECEIVED.store(sig, Ordering::SeqCst);
                let flag = CANCEL.lock().unwrap_or_else(|e| e.into_inner()).clone();
                if let Some(flag) = flag
                    && !flag.swap(true, Ordering::SeqCst)
                {
                    crate::console::err(
                        format_args!(
                            "stopping after the replications under way (signal again to stop now)"
                        ),
                        true,
                    );
                    continue;
                }
                iadsim_io::commit::remove_partials();
                std::process::exit(i32::from(status(sig)));
            }
        });
}
