//! The application layer's error type: user mistakes (a bad URL, an unknown rule or incident)
//! apart from failures of the store or the network, each naming the value it concerns.

use vigil_store::StoreError;

/// A result of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
///
/// Not `#[non_exhaustive]`: the server maps each kind to an HTTP status in one exhaustive match.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed (its message names the database).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// Writing a report failed (a closed pipe, a full disk).
    #[error(transparent)]
    Output(#[from] std::io::Error),
    /// An input that is no file, directory or URL.
    #[error("{0}: no such file, directory or URL")]
    NoSuchInput(String),
    /// A feed address that is not http(s).
    #[error("{0}: a feed is an http:// or https:// URL")]
    NotAFeedUrl(String),
    /// A webhook address that is not http(s).
    #[error("{0}: a webhook must be an http:// or https:// URL")]
    BadWebhook(String),
    /// A watch rule without a name.
    #[error("a watch rule needs a name")]
    UnnamedRule,
    /// No watch rule of this name.
    #[error("no watch rule {0:?} (see `vigil watch list`)")]
    NoSuchRule(String),
    /// A webhook did not take a delivery.
    #[error("{url}: delivery failed after {tries} tries ({last})")]
    Delivery {
        /// The webhook.
        url: String,
        /// Tries made.
        tries: u32,
        /// The last answer or error.
        last: String,
    },
    /// Deliveries were made but could not be recorded.
    #[error("recording deliveries of {rule}: {error}")]
    Recording {
        /// The rule.
        rule: String,
        /// The store's error.
        error: StoreError,
    },
    /// Another process has held the watch delivery lock for a minute.
    #[error("a worker has been delivering watch matches for a minute; try again later")]
    DeliveryBusy,
    /// No incident of this id.
    #[error("no incident {0} (see `vigil incidents list`)")]
    NoSuchIncident(String),
    /// A split that names none or all of an incident's events.
    #[error(
        "cannot split {0}: name one or more of its events, not all (see `vigil incidents show {0}`)"
    )]
    BadSplit(String),
    /// A country that is neither an ISO code nor a country's name.
    #[error(
        "unknown country {given:?}: give an ISO code (FR) or an English name (France){}",
        did_you_mean(closest)
    )]
    UnknownCountry {
        /// What was given.
        given: String,
        /// The closest countries, `Name (CODE)`.
        closest: Vec<String>,
    },
    /// An actor neither the dictionary nor the stored events know.
    #[error(
        "unknown actor {given:?}: no dictionary id, name or alias, and no stored event names it{}",
        did_you_mean(closest)
    )]
    UnknownActor {
        /// What was given.
        given: String,
        /// The closest dictionary actors, `Name (id)`.
        closest: Vec<String>,
    },
    /// An export could not be encoded.
    #[error("encoding the export: {0}")]
    Export(String),
    /// Filters that contradict each other.
    #[error("{0}")]
    BadFilter(String),
    /// `recover` never writes over a file.
    #[error("{0}: already exists; recover into a new file")]
    RecoverTarget(String),
    /// An incident split of a damaged store could not be copied.
    #[error("copying an incident split: {0}")]
    CopySplit(StoreError),
    /// The work queue needs PostgreSQL.
    #[error("{0}: the work queue lives in PostgreSQL: give --db postgres://user@host/db")]
    NotPostgres(String),
}

/// "; did you mean A, B or C?" when there is something to suggest.
fn did_you_mean(closest: &[String]) -> String {
    match closest {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

impl Error {
    /// An I/O error about `path`.
    pub(crate) fn io(path: impl std::fmt::Display, error: std::io::Error) -> Error {
        Error::Io {
            path: path.to_string(),
            error,
        }
    }
}
