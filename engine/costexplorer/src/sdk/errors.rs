//! SDK errors mapped to [`Error`] variants a CI user can act on.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_costexplorer::config::http::HttpResponse;
use aws_sdk_costexplorer::error::{ProvideErrorMetadata, SdkError};

use crate::{Error, Settings};

/// The codes Cost Explorer and the AWS front end use when a caller sends too many requests.
const THROTTLING_CODES: &[&str] =
    &["LimitExceededException", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"];

pub(super) fn from_sdk<E>(operation: &'static str, settings: &Settings, error: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &error {
        // The SDK reports a success response it cannot parse as an error without a code.
        SdkError::ServiceError(service) if service.raw().status().is_success() => {
            Error::MalformedResponse { operation, detail: context(&error) }
        }
        SdkError::ServiceError(service) => from_service(operation, service.err(), service.raw().status().as_u16()),
        SdkError::TimeoutError(_) => Error::Timeout { operation, after: settings.timeout },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => {
            Error::Timeout { operation, after: settings.timeout }
        }
        SdkError::DispatchFailure(_) => Error::Connection { operation, detail: context(&error) },
        SdkError::ResponseError(_) => Error::MalformedResponse { operation, detail: context(&error) },
        _ => Error::Setup { detail: context(&error) },
    }
}

fn from_service(operation: &'static str, error: &impl ProvideErrorMetadata, status: u16) -> Error {
    let message = error.message().unwrap_or("(no message)").to_string();
    let Some(code) = error.code() else {
        return Error::Api { operation, code: format!("HTTP {status}"), message };
    };
    match code {
        "AccessDeniedException" => Error::AccessDenied { operation, message },
        "DataUnavailableException" => Error::DataUnavailable { operation, message },
        code if THROTTLING_CODES.contains(&code) => Error::Throttled { operation, code: code.to_string(), message },
        code => Error::Api { operation, code: code.to_string(), message },
    }
}

pub(super) fn from_credentials(error: CredentialsError) -> Error {
    let detail = chain(&error);
    match error {
        CredentialsError::CredentialsNotLoaded(_) => Error::MissingCredentials { detail },
        _ => Error::Credentials { detail },
    }
}

/// What went wrong under an SDK error: its causes, outermost first ("io error: client error
/// (Connect): tcp connect error: Connection refused"). The SDK error's own text says only
/// "dispatch failure", and its debug form is too long for a CI log.
fn context(error: &(dyn std::error::Error + 'static)) -> String {
    match error.source() {
        Some(cause) => chain(cause),
        None => error.to_string(),
    }
}

/// An error and its causes, joined with ": ", skipping a cause its parent already quotes.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        let text = error.to_string();
        if !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}
