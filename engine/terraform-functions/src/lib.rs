//! Terraform's built-in functions on Tollgate values (work in progress).
