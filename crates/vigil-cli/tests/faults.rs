//! Store faults met by `vigil ingest` on a SQLite file: the disk filling up (a file size limit,
//! `ulimit -f`), a read-only database, a corrupt file, and two ingests at once. Each gets a
//! clear error (or, for two ingests, none), no partial batch is kept, and a later run stores
//! everything: the events then equal those of an undisturbed run.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{ok, run, vigil};

/// `n` generated wire reports in `dir`.
fn corpus(dir: &Path, n: u64) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    run(&[
        "bench",
        "corpus",
        "--out",
        dir.to_str().unwrap(),
        "--documents",
        &n.to_string(),
    ]);
    dir.to_path_buf()
}

fn documents(db: &Path) -> u64 {
    let v: Value =
        serde_json::from_slice(&run(&["stats", "--json", "--db", db.to_str().unwrap()]).stdout)
            .unwrap();
    v["documents"].as_u64().unwrap()
}

/// Every stored event id (near-duplicates included), checked unique.
fn event_ids(db: &Path) -> BTreeSet<String> {
    let out = run(&[
        "query",
        "--format",
        "jsonl",
        "--include-duplicates",
        "--db",
        db.to_str().unwrap(),
    ]);
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["event"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    let set: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "an event stored twice");
    set
}

/// The events of an undisturbed single ingest of `input`.
fn reference(dir: &Path, input: &Path) -> BTreeSet<String> {
    let db = dir.join("reference.db");
    run(&[
        "ingest",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    event_ids(&db)
}

#[test]
fn two_ingests_on_one_file_at_once_store_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let all = corpus(&dir.path().join("all"), 300);
    // Two halves, for two processes.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&all)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (i, f) in files.iter().enumerate() {
        let to = if i % 2 == 0 { &a } else { &b };
        std::fs::copy(f, to.join(f.file_name().unwrap())).unwrap();
    }
    let db = dir.path().join("v.db");
    let dbs = db.to_str().unwrap();
    // Three processes, two racing for the same documents; then both halves again.
    for round in [vec![&a, &a, &b], vec![&b, &a]] {
        let children: Vec<_> = round
            .iter()
            .map(|input| {
                vigil()
                    .args(["ingest", input.to_str().unwrap(), "--db", dbs])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            ok(c.wait_with_output().unwrap(), "concurrent ingest");
        }
    }
    assert_eq!(documents(&db), 300);
    let single = dir.path().join("single.db");
    run(&[
        "ingest",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--db",
        single.to_str().unwrap(),
    ]);
    assert_eq!(event_ids(&db), event_ids(&single));
}

#[cfg(unix)]
#[test]
fn a_full_disk_rolls_the_batch_back_and_a_later_run_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(&dir.path().join("in"), 400);
    let db = dir.path().join("v.db");
    let dbs = db.to_str().unwrap();
    // 1 MiB of file: the store outgrows it part of the way through.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1024 && exec '{}' ingest '{}' --db '{dbs}'",
            env!("CARGO_BIN_EXE_vigil"),
            input.display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(dbs) && err.contains("is the disk full") && err.contains("rolled back"),
        "{err}"
    );
    // What was committed before is whole and readable; the failed batch left nothing.
    let before = documents(&db);
    assert!(before < 400, "{before}");
    let partial = event_ids(&db);
    // With space again, the same command finishes the work.
    run(&["ingest", input.to_str().unwrap(), "--db", dbs]);
    assert_eq!(documents(&db), 400);
    let all = event_ids(&db);
    assert!(partial.is_subset(&all));
    assert_eq!(all, reference(dir.path(), &input));
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_named_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A document is its file's name and text: `more` repeats the 20 of `first` (the same
    // documents under another directory) and adds 5.
    let first = corpus(&dir.path().join("first"), 20);
    let more = corpus(&dir.path().join("more"), 25);
    let db = dir.path().join("v.db");
    let dbs = db.to_str().unwrap();
    run(&["ingest", first.to_str().unwrap(), "--db", dbs]);
    let before = event_ids(&db);
    // Root writes whatever the permissions say: then the writer is another user.
    let root = std::env::var("USER").as_deref() == Ok("root")
        || String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim()
            == "0";
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    for p in [dir.path(), &first, &more] {
        set(p, 0o755);
    }
    for f in std::fs::read_dir(&more).unwrap() {
        set(&f.unwrap().path(), 0o644);
    }
    set(&db, 0o444);
    let ingest = ["ingest", more.to_str().unwrap(), "--db", dbs];
    let out = if root {
        Command::new("runuser")
            .args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_vigil")])
            .args(ingest)
            .output()
            .unwrap()
    } else {
        vigil().args(ingest).output().unwrap()
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(dbs) && err.contains("read-only"), "{err}");
    assert_eq!(event_ids(&db), before, "nothing written");
    // Writable again, the same command stores the rest.
    set(&db, 0o644);
    run(&ingest);
    assert_eq!(documents(&db), 25);
}

#[test]
fn a_corrupt_database_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(&dir.path().join("in"), 60);
    let db = dir.path().join("v.db");
    let dbs = db.to_str().unwrap();
    run(&["ingest", input.to_str().unwrap(), "--db", dbs]);
    // Overwrite pages in the middle of the file with garbage (the header stays).
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 4..len * 3 / 4] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let more = corpus(&dir.path().join("more"), 80);
    let out = vigil()
        .args(["ingest", more.to_str().unwrap(), "--db", dbs])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains(dbs) && err.contains("corrupt"), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the file was not touched"
    );

    // `vigil recover` saves what can be read into a new store; ingesting the inputs again
    // brings back the rest, and the events are those of an undisturbed run.
    let saved = dir.path().join("recovered.db");
    let out = vigil()
        .args(["recover", "--db", dbs, "--to", saved.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "some parts were lost: {said} {err}"
    );
    assert!(err.contains("unreadable"), "{err}");
    eprintln!("{said}");
    let recovered = documents(&saved);
    assert!(recovered > 0 && recovered < 60, "{said}");
    let reference = reference(dir.path(), &input);
    assert!(event_ids(&saved).is_subset(&reference));
    run(&[
        "ingest",
        input.to_str().unwrap(),
        "--db",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(documents(&saved), 60);
    assert_eq!(event_ids(&saved), reference);
    // It never writes over a file.
    let again = vigil()
        .args(["recover", "--db", dbs, "--to", saved.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}
