//! Every way a Cost Explorer call can fail, each with a message a CI user can act on.

use std::fmt;
use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why live spend could not be read. None of these means "no spend": a caller gating on a
/// budget must fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The crate was compiled without the `aws` feature.
    FeatureDisabled,
    /// A day given as text is not a calendar date.
    InvalidDate(String),
    /// An endpoint URL that is not `http://host...` or `https://host...`.
    InvalidEndpoint(String),
    /// The credential chain found nothing.
    MissingCredentials { detail: String },
    /// A credential source was found but failed (an expired SSO session, a failing `credential_process`).
    Credentials { detail: String },
    /// `AccessDeniedException`: the caller lacks `ce:<operation>`.
    AccessDenied { operation: &'static str, message: String },
    /// `LimitExceededException` (Cost Explorer's throttling) or another throttling code, after retries.
    Throttled { operation: &'static str, code: String, message: String },
    /// `DataUnavailableException`: Cost Explorer has no data for the period yet.
    DataUnavailable { operation: &'static str, message: String },
    /// Any other error the API returned, with its code (or HTTP status) and message.
    Api { operation: &'static str, code: String, message: String },
    /// No complete answer within the configured timeout.
    Timeout { operation: &'static str, after: Duration },
    /// The endpoint could not be reached or closed the connection.
    Connection { operation: &'static str, detail: String },
    /// The answer was not what the API reference describes.
    MalformedResponse { operation: &'static str, detail: String },
    /// Amounts in different currencies.
    CurrencyMismatch { left: String, right: String },
    /// A sum beyond the decimal type's range.
    Overflow { left: String, right: String },
    /// The async runtime or the SDK client could not be set up.
    Setup { detail: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cost Explorer: ")?;
        match self {
            Error::FeatureDisabled => write!(
                f,
                "Tollgate was built without the `aws` feature, so live spend cannot be read (rebuild with `--features aws`)"
            ),
            Error::InvalidDate(text) => write!(f, "not a date (YYYY-MM-DD): {text:?}"),
            Error::InvalidEndpoint(url) => {
                write!(f, "the endpoint URL {url:?} is not an http:// or https:// URL with a host")
            }
            Error::MissingCredentials { detail } => write!(
                f,
                "no AWS credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run \
                 with a role (SSO, web identity, ECS task or EC2 instance role). The credential chain tried: {detail}"
            ),
            Error::Credentials { detail } => write!(f, "AWS credentials could not be loaded: {detail}"),
            Error::AccessDenied { operation, message } => {
                write!(f, "AccessDeniedException: {message} (the role needs ce:{operation})")
            }
            Error::Throttled { operation, code, message } => write!(
                f,
                "{code}: {message} ({operation} was throttled and retries did not get through; try again later)"
            ),
            Error::DataUnavailable { operation, message } => write!(
                f,
                "DataUnavailableException: {message} ({operation} has no data yet: Cost Explorer can take up to \
                 24 hours after it is enabled)"
            ),
            Error::Api { operation, code, message } => write!(f, "{code}: {message} ({operation})"),
            Error::Timeout { operation, after } => {
                write!(f, "{operation} got no answer within {} s (the timeout)", after.as_secs_f64())
            }
            Error::Connection { operation, detail } => write!(f, "{operation} could not reach the endpoint: {detail}"),
            Error::MalformedResponse { operation, detail } => {
                write!(f, "{operation} returned a malformed response: {detail}")
            }
            Error::CurrencyMismatch { left, right } => write!(f, "amounts in {left} and {right} cannot be added"),
            Error::Overflow { left, right } => write!(f, "{left} + {right} is out of range"),
            Error::Setup { detail } => write!(f, "could not set up the AWS client: {detail}"),
        }
    }
}

impl std::error::Error for Error {}
