//! A private PostgreSQL server for tests: a cluster made with `initdb` in a temporary
//! directory, reached through a Unix socket in that directory, stopped and removed when the
//! test process ends.
//!
//! `VIGIL_TEST_PG` (a `postgres://` URL of a server where the user may create databases) uses
//! that server instead. The binaries are looked up in `VIGIL_PG_BIN`, then `PATH`, then
//! Debian's `/usr/lib/postgresql/<version>/bin`. As root, the server runs as the `postgres`
//! user (PostgreSQL refuses to run as root).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A running test server.
#[derive(Debug)]
pub struct TestCluster {
    /// A connection string for the `postgres` database (databases are created from it).
    admin: String,
    /// `Some` for a cluster of this process: its directory, socket port and binaries.
    own: Option<(PathBuf, u16, PathBuf)>,
}

fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("VIGIL_PG_BIN") {
        return Some(PathBuf::from(d));
    }
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if d.join("initdb").is_file() && d.join("pg_ctl").is_file() {
                return Some(d);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs a PostgreSQL program (as `postgres` when this process is root).
fn pg(bin: &Path, program: &str, args: &[&str]) -> Result<(), PgTestError> {
    let exe = bin.join(program);
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    let out = cmd
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(PgTestError(format!(
            "{program} {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )))
    }
}

/// Why no test server could be had (the message names the program or path).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct PgTestError(pub String);

impl From<String> for PgTestError {
    fn from(message: String) -> PgTestError {
        PgTestError(message)
    }
}

impl From<&str> for PgTestError {
    fn from(message: &str) -> PgTestError {
        PgTestError(message.to_string())
    }
}

impl TestCluster {
    /// The server of this test process, started on first use.
    ///
    /// # Errors
    /// When no server is configured and none can be started (no binaries, `initdb` fails).
    pub fn shared() -> Result<&'static TestCluster, PgTestError> {
        static CLUSTER: OnceLock<Result<TestCluster, PgTestError>> = OnceLock::new();
        CLUSTER
            .get_or_init(|| match std::env::var("VIGIL_TEST_PG") {
                Ok(url) if !url.trim().is_empty() => Ok(TestCluster {
                    admin: url,
                    own: None,
                }),
                _ => TestCluster::start(),
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// [`TestCluster::shared`] as a test wants it: `None` (said on stderr: the test is not
    /// run) when no server can be had, except under `CI=true`, where that is a failure.
    ///
    /// # Panics
    /// Under `CI=true` without a server.
    #[must_use]
    pub fn shared_or_skip() -> Option<&'static TestCluster> {
        match TestCluster::shared() {
            Ok(c) => Some(c),
            Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("PostgreSQL is needed under CI=true: {e}")
            }
            Err(e) => {
                eprintln!("not run on PostgreSQL: {e}");
                None
            }
        }
    }

    /// A new database on [`TestCluster::shared_or_skip`]'s server.
    ///
    /// # Panics
    /// Under `CI=true` without a server, or when the database cannot be made.
    #[must_use]
    pub fn database_or_skip() -> Option<String> {
        Some(Self::shared_or_skip()?.database().expect("a test database"))
    }

    /// Makes and starts a new cluster in a temporary directory; a watcher process stops it
    /// and removes the directory when this process ends.
    ///
    /// # Errors
    /// As [`TestCluster::shared`].
    pub fn start() -> Result<TestCluster, PgTestError> {
        let bin = bin_dir()
            .ok_or("no PostgreSQL binaries (install Debian's postgresql, or set VIGIL_PG_BIN)")?;
        let dir = std::env::temp_dir().join(format!(
            "vigil-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if is_root() {
            let ok = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err(PgTestError(format!(
                    "cannot give {} to the postgres user",
                    dir.display()
                )));
            }
        }
        let data = dir.join("data");
        let d = data.to_string_lossy().to_string();
        pg(
            &bin,
            "initdb",
            &[
                "-D",
                &d,
                "-U",
                "vigil",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-N",
            ],
        )?;
        // A port number only names the socket file: take one no other test cluster uses.
        let port = 20_000 + (std::process::id() % 20_000) as u16;
        let port = port.wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed) as u16 * 7);
        let sock = dir.to_string_lossy().to_string();
        let opts = format!(
            "-c listen_addresses='' -k {sock} -p {port} -c fsync=off -c max_connections=200"
        );
        let log = dir.join("log").to_string_lossy().to_string();
        pg(
            &bin,
            "pg_ctl",
            &["-D", &d, "-o", &opts, "-l", &log, "-w", "start"],
        )?;
        // The watcher: when this process is gone, stop the server and remove its files.
        let pg_ctl = bin.join("pg_ctl").to_string_lossy().to_string();
        let stop = if is_root() {
            format!("runuser -u postgres -- {pg_ctl} -D {d} -m immediate stop")
        } else {
            format!("{pg_ctl} -D {d} -m immediate stop")
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {sock}",
            pid = std::process::id()
        );
        // In a session of its own (`setsid`), so that a signal to this process's group (a
        // runner stopping the tests) does not take the watcher with it and leave a server.
        let mut watcher = if Path::new("/usr/bin/setsid").is_file() {
            let mut c = Command::new("/usr/bin/setsid");
            c.arg("sh");
            c
        } else {
            Command::new("sh")
        };
        watcher
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the watcher: {e}"))?;
        Ok(TestCluster {
            admin: format!("postgresql://vigil@{}:{port}/postgres", encode_path(&sock)),
            own: Some((data, port, bin)),
        })
    }

    /// A new empty database; its connection string.
    ///
    /// # Errors
    /// When the server refuses.
    pub fn database(&self) -> Result<String, PgTestError> {
        let name = format!(
            "vigil_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls)
            .map_err(|e| format!("{}: {e}", self.admin))?;
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| format!("create database {name}: {e}"))?;
        // The same server, the new database (the URL's path).
        let (base, _) = self
            .admin
            .rsplit_once('/')
            .ok_or_else(|| format!("{}: not a postgres:// URL", self.admin))?;
        Ok(format!("{base}/{name}"))
    }

    /// Stops and starts this process's own server (running connections break), for fault
    /// tests.
    ///
    /// # Errors
    /// When the server is not this process's or `pg_ctl` fails.
    pub fn restart(&self) -> Result<(), PgTestError> {
        let Some((data, _, bin)) = &self.own else {
            return Err(PgTestError("the server is not this process's own".into()));
        };
        let d = data.to_string_lossy().to_string();
        // With its log file named again: otherwise the new server writes to (and holds open)
        // this process's pipe.
        let log = data
            .parent()
            .unwrap_or(data)
            .join("log")
            .to_string_lossy()
            .to_string();
        pg(
            bin,
            "pg_ctl",
            &["-D", &d, "-l", &log, "-m", "fast", "-w", "restart"],
        )
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A socket directory as a URL host (`/tmp/x` → `%2Ftmp%2Fx`).
fn encode_path(p: &str) -> String {
    p.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
