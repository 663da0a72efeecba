//! The store's error type: every error names the database it concerns.

use std::time::Duration;

/// A store result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What went wrong, with the database (a file path, or `:memory:`) it happened in.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file exists but is not an SQLite database (garbage, another format, encrypted).
    #[error("{path}: file is not a database")]
    NotADatabase {
        /// The database path.
        path: String,
    },
    /// An SQLite database, but not one Vigil made.
    #[error("{path}: not a Vigil database ({reason})")]
    NotVigil {
        /// The database path.
        path: String,
        /// Why it is not Vigil's.
        reason: String,
    },
    /// A Vigil database from a newer build: this build does not know its schema.
    #[error(
        "{path}: not a database this build can read (schema version {found} is newer than this build's {supported}; use a newer vigil)"
    )]
    NewerSchema {
        /// The database path.
        path: String,
        /// The schema version in the file.
        found: u32,
        /// The newest schema version this build knows.
        supported: u32,
    },
    /// The database file is damaged.
    #[error("{path}: database is corrupt ({detail})")]
    Corrupt {
        /// The database path.
        path: String,
        /// What SQLite or the decoder said.
        detail: String,
    },
    /// Another process held the database lock for longer than the busy timeout.
    #[error("{path}: database is locked by another process (gave up after {} ms)", waited.as_millis())]
    Busy {
        /// The database path.
        path: String,
        /// How long it waited.
        waited: Duration,
    },
    /// A write failed for want of space: the disk is full, or the file reached a size limit
    /// (or the disk failed). The transaction was rolled back: nothing of it was kept.
    #[error("{path}: cannot write ({detail}): is the disk full, or the file at a size limit? The write was rolled back; free space and run again")]
    Full {
        /// The database path.
        path: String,
        /// What SQLite said.
        detail: String,
    },
    /// The database cannot be written: a read-only file, directory or disk.
    #[error("{path}: the database is read-only (check the permissions of the file and of its directory, or the disk's mount); nothing was written")]
    ReadOnly {
        /// The database path.
        path: String,
    },
    /// Asked to open an existing database that is not there.
    #[error("{path}: no such database")]
    NotFound {
        /// The database path.
        path: String,
    },
    /// A document of a batch cannot be stored as given (the whole batch was rolled back).
    #[error("{path}: document {id:?}: {problem}")]
    InvalidDocument {
        /// The database path.
        path: String,
        /// The document id.
        id: String,
        /// What is wrong.
        problem: String,
    },
    /// A damaged database of which nothing can be salvaged (its header or its documents
    /// table is gone).
    #[error("{path}: {detail}")]
    Unreadable {
        /// The database path.
        path: String,
        /// What could not be read, with SQLite's words.
        detail: String,
    },
    /// A query that cannot be run (for example a malformed full-text query).
    #[error("{path}: invalid query: {problem}")]
    InvalidQuery {
        /// The database path.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// The running query was stopped from another thread ([`crate::Store::interrupter`]).
    #[error("{path}: {context}: interrupted")]
    Interrupted {
        /// The database path.
        path: String,
        /// What the store was doing.
        context: &'static str,
    },
    /// Any other database error, with what the store was doing.
    #[error("{path}: {context}: {source}")]
    Database {
        /// The database path.
        path: String,
        /// What the store was doing ("open", "write batch" …).
        context: &'static str,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StoreError {
    /// The database (path or `:memory:`) the error concerns.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            StoreError::NotADatabase { path }
            | StoreError::NotVigil { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::Busy { path, .. }
            | StoreError::Full { path, .. }
            | StoreError::ReadOnly { path }
            | StoreError::NotFound { path }
            | StoreError::Unreadable { path, .. }
            | StoreError::InvalidDocument { path, .. }
            | StoreError::InvalidQuery { path, .. }
            | StoreError::Interrupted { path, .. }
            | StoreError::Database { path, .. } => path,
        }
    }

    /// True when retrying later may succeed (the database was locked).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy { .. })
    }
}
