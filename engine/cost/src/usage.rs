//! The usage file: monthly usage of usage-priced resources (storage, requests, transfer).

/// Usage by resource address, read from the repository's usage file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {}
