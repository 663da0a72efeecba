//! Errors as JSON: `{"status", "code", "message"}` with the matching HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error the API answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// A stable machine-readable code (`bad_parameter`, `not_found` …).
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: status.as_u16(),
            code,
            message: message.into(),
        }
    }

    /// 400: a query parameter is unknown, repeated or malformed.
    pub fn bad_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", message)
    }

    /// 400: the request body is malformed.
    pub fn bad_body(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_body", message)
    }

    /// 404: no such item.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 404: no such route.
    pub fn no_route(method: &str, path: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_route",
            format!("no route {method} {path} (see /api/openapi.json)"),
        )
    }

    /// 405: the path exists, the method does not.
    pub fn method_not_allowed(method: &str, path: &str) -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{path} does not answer {method} (see /api/openapi.json)"),
        )
    }

    /// 401: a write without the right token.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this request needs the header 'Authorization: Bearer TOKEN' with the server's token",
        )
    }

    /// 403: a write to a server started without a token.
    pub fn read_only() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only: start it with --token to allow writes",
        )
    }

    /// 413: the body is over the limit.
    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("request bodies are limited to {limit} bytes"),
        )
    }

    /// 415: a body of a type the route does not take.
    pub fn unsupported_media_type(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            message,
        )
    }

    /// 503: the request ran past the time limit.
    pub fn timeout(secs: u64) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request took longer than {secs} s"),
        )
    }

    /// 500: a store or server failure.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<vigil_store::StoreError> for ApiError {
    fn from(e: vigil_store::StoreError) -> ApiError {
        // A malformed full-text query is the caller's mistake, not the store's.
        let message = e.to_string();
        if matches!(e, vigil_store::StoreError::InvalidQuery { .. }) {
            ApiError::bad_parameter(format!("text: {message}"))
        } else {
            // The message names the database, a file of the server's: the log keeps it, the
            // caller is told what failed.
            eprintln!("vigil serve: {message}");
            ApiError::internal("the store failed (the server's log says why)")
        }
    }
}

impl From<vigil_corpus::Error> for ApiError {
    fn from(e: vigil_corpus::Error) -> ApiError {
        use vigil_corpus::Error as E;
        match e {
            E::Store(e) => e.into(),
            E::BadWebhook(url) => ApiError::bad_body(format!(
                "{url:?}: a webhook must be an http:// or https:// URL"
            )),
            E::UnnamedRule => ApiError::bad_body("a watch rule needs a name"),
            E::NoSuchRule(name) => ApiError::not_found(format!("no watch rule {name:?}")),
            E::NoSuchIncident(id) => ApiError::not_found(format!("no incident {id:?}")),
            E::UnknownCountry { .. } => ApiError::bad_parameter(format!("country: {e}")),
            E::UnknownActor { .. } => ApiError::bad_parameter(format!("actor: {e}")),
            E::BadFilter(_) => ApiError::bad_parameter(e.to_string()),
            // The server's own files and database are no business of the caller's.
            E::Io { ref error, .. } => {
                eprintln!("vigil serve: {e}");
                ApiError::internal(format!("a file of the server: {error}"))
            }
            E::BadSplit(_) | E::NoSuchInput(_) | E::NotAFeedUrl(_) => {
                ApiError::bad_body(e.to_string())
            }
            E::Output(_)
            | E::Export(_)
            | E::Delivery { .. }
            | E::Recording { .. }
            | E::DeliveryBusy
            | E::RecoverTarget(_)
            | E::CopySplit(_)
            | E::NotPostgres(_) => ApiError::internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).expect("errors serialise");
        (
            status,
            [(
                axum::http::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            )],
            body,
        )
            .into_response()
    }
}
