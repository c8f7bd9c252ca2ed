//! ## What it does
//! Checks that Lambda function URLs (`aws_lambda_function_url`) require IAM authentication
//! (`authorization_type = "AWS_IAM"`). With `"NONE"`, Lambda does not authenticate callers: the
//! URL is public as soon as the function's resource-based policy lets everyone invoke it, which
//! is what an unauthenticated URL is created for.
//!
//! ## Why is this bad?
//! A function URL is an HTTPS endpoint on the internet. Without IAM authentication anyone who
//! learns the URL can call the function: run its code with its role's permissions, read what it
//! returns, and run up the bill. Unless the function authenticates every request itself (a
//! webhook verifying a signature, say), require SigV4-signed requests, or put the function behind
//! API Gateway or CloudFront with an authorizer.
//!
//! ## Example
//! ```hcl
//! resource "aws_lambda_function_url" "export" {
//!   function_name      = aws_lambda_function.export.function_name
//!   authorization_type = "NONE"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lambda_function_url" "export" {
//!   function_name      = aws_lambda_function.export.function_name
//!   authorization_type = "AWS_IAM"
//! }
//! ```
//!
//! ## References
//! - [Control access to Lambda function URLs](https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG126",
    slug: "lambda-function-url-public",
    title: "Lambda function URL does not authenticate callers",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-306"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "Lambda function URL",
        path: &["authorization_type"],
        problem: "lets anyone on the internet invoke the function without authenticating",
        fix: "set `authorization_type = \"AWS_IAM\"` (or put the function behind an authorizer) unless the function \
              authenticates every request itself",
    };
    for (_, url) in ctx.tf_resources("aws_lambda_function_url") {
        expect.require_one_of(out, url, None, &["AWS_IAM"]);
    }
}
