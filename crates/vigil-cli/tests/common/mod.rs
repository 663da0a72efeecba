//! What the CLI tests share: the built binary, and running it expecting success.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::process::{Command, Output};

/// The `vigil` binary of this build.
pub fn vigil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
}

/// `out`, after checking that it succeeded (else fails with `what` and the error output).
pub fn ok(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `vigil ARGS…`, which must succeed.
pub fn run(args: &[&str]) -> Output {
    ok(
        vigil().args(args).output().unwrap(),
        &format!("vigil {}", args.join(" ")),
    )
}
