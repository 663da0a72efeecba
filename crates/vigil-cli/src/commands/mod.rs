//! What each command does, one module per command group; each reads its flags (`crate::flags`),
//! calls the application layer (`vigil-corpus`) and prints.

pub mod bench;
pub mod bench_scale;
pub mod bench_serve;
pub mod demo;
pub mod documents;
pub mod eval;
pub mod eval_events;
pub mod monitor;
pub mod queue;
pub mod serve;
pub mod train;
pub mod train_events;
pub mod views;

use std::process::ExitCode;

/// Exit code 1 when something failed (items rejected, deliveries failed), else 0.
pub fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
