//! The command line: bad files, stdin, formats, demo.

use std::io::Write;
use std::process::Stdio;

mod common;
use common::vigil;

#[test]
fn bad_files_are_named_and_the_rest_processed() {
    let scratch = tempfile::Builder::new()
        .prefix("vigil-cli-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let good = dir.join("good.txt");
    std::fs::write(&good, "Gunmen killed 12 people in Kabul on Monday.").unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 bombing in Lyon").unwrap();
    let missing = dir.join("missing.txt");
    let out = vigil()
        .arg("extract")
        .args([&missing, &empty, &latin1, &good])
        .arg("--format")
        .arg("jsonl")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}: no such file", missing.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: empty file", empty.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: not UTF-8 text", latin1.display())),
        "{err}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "the good file is still processed"
    );
    assert!(stdout.contains("\"kind\":\"attack\""));
}

#[test]
fn stdin_and_formats() {
    let mut child = vigil()
        .args([
            "extract",
            "-",
            "--format",
            "table",
            "--published",
            "2024-05-14",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A car bomb killed at least 12 people in Mogadishu on Tuesday.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("attack bombing"), "{table}");
    assert!(table.contains("2024-05-14"), "{table}");
}

#[test]
fn output_is_deterministic() {
    let run = || {
        vigil()
            .args(["demo", "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    let a = run();
    assert!(!a.is_empty());
    assert_eq!(a, run());
}

#[test]
fn demo_prints_events() {
    let out = vigil().arg("demo").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    for kind in [
        "attack",
        "claim_of_responsibility",
        "threat",
        "alert_level_change",
        "arrest",
        "counter_operation",
        "assessment",
    ] {
        assert!(s.contains(&format!("-- {kind}")), "demo lacks {kind}:\n{s}");
    }
}
