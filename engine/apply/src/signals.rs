//! Ctrl-C and SIGTERM: noticed, never fatal by themselves. Before `terraform apply` starts, a
//! signal means nothing is applied (the caller checks [`Interrupts::received`] between steps);
//! once it runs, Terraform is left to stop safely on its own terms.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Which signals have arrived since [`Interrupts::install`].
#[derive(Debug, Clone)]
pub struct Interrupts {
    interrupt: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
}

impl Interrupts {
    /// Catches SIGINT and SIGTERM for the rest of the process (the default action, dying at
    /// once, would leave the temporary plan behind and, mid-apply, orphan Terraform).
    pub fn install() -> Result<Interrupts, String> {
        let interrupts = Interrupts::none();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            signal_hook::flag::register(SIGINT, Arc::clone(&interrupts.interrupt))
                .and_then(|_| signal_hook::flag::register(SIGTERM, Arc::clone(&interrupts.terminate)))
                .map_err(|e| format!("cannot install the signal handlers: {e}"))?;
        }
        Ok(interrupts)
    }

    /// Flags that no signal sets (tests, and platforms without signals).
    pub fn none() -> Interrupts {
        Interrupts { interrupt: Arc::new(AtomicBool::new(false)), terminate: Arc::new(AtomicBool::new(false)) }
    }

    /// The signal received, if any, by name.
    pub fn received(&self) -> Option<&'static str> {
        if self.terminate.load(Ordering::SeqCst) {
            Some("SIGTERM")
        } else if self.interrupt.load(Ordering::SeqCst) {
            Some("SIGINT")
        } else {
            None
        }
    }

    /// SIGTERM reaches only this process, so a running Terraform is told the same (it then stops
    /// gracefully). A terminal's Ctrl-C already reached Terraform, which shares the foreground
    /// process group, and a second SIGINT would make it exit at once, mid-operation.
    pub fn must_forward_terminate(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }
}
