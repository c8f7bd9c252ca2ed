//! ## What it does
//! Checks Application Load Balancer listeners (`aws_lb_listener`, `aws_alb_listener`) that accept
//! plain HTTP and pass the requests on: a listener with `protocol = "HTTP"` (the default for an
//! Application Load Balancer) whose `default_action` forwards or authenticates instead of
//! redirecting to HTTPS (`type = "redirect"` with `protocol = "HTTPS"`) or answering with a fixed
//! response. A listener without `protocol` is checked when its load balancer is an Application
//! Load Balancer of the scan (`load_balancer_type` absent or `"application"`).
//!
//! Listener rules (`aws_lb_listener_rule`) are not read: a rule that forwards from an HTTP
//! listener whose default action redirects is not reported.
//!
//! ## Why is this bad?
//! Requests and responses on an HTTP listener cross the network unencrypted: session cookies,
//! bearer tokens and form data can be read or altered by anyone on the path (a shared Wi-Fi, a
//! compromised router). Serve the application only on an HTTPS listener and answer HTTP with a
//! permanent redirect.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb_listener" "web" {
//!   load_balancer_arn = aws_lb.web.arn
//!   port              = 80
//!   protocol          = "HTTP"
//!   default_action {
//!     type             = "forward"
//!     target_group_arn = aws_lb_target_group.web.arn
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb_listener" "web" {
//!   load_balancer_arn = aws_lb.web.arn
//!   port              = 80
//!   protocol          = "HTTP"
//!   default_action {
//!     type = "redirect"
//!     redirect {
//!       port        = "443"
//!       protocol    = "HTTPS"
//!       status_code = "HTTP_301"
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - [Listeners for your Application Load Balancers](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html)
//! - [Redirect actions](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG127",
    slug: "alb-listener-plain-http",
    title: "Load balancer listener serves plain HTTP",
    severity: Severity::Medium,
    category: Category::Encryption,
    references: &["CWE-319"],
    aliases: &[],
};

const FIX: &str =
    "make the default action a redirect to HTTPS (`type = \"redirect\"` with `protocol = \"HTTPS\"`) and \
                   serve the application on an HTTPS listener";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for kind in ["aws_lb_listener", "aws_alb_listener"] {
        for (id, listener) in ctx.tf_resources(kind) {
            let subject = format!("Listener `{}`", listener.name);
            let at = match serves_http(ctx, id, listener) {
                Tri::No => continue,
                Tri::Yes => listener.body.get("protocol").value().map_or(listener.span, |v| v.span),
                Tri::Unknown(value) => {
                    if passes_requests_on(listener) != Tri::No {
                        out.unknown(listener, value, format!("{subject} may serve plain HTTP; {FIX}"));
                    }
                    continue;
                }
            };
            match passes_requests_on(listener) {
                Tri::No => {}
                Tri::Yes => out.fail(
                    listener,
                    at,
                    format!(
                        "{subject} accepts plain HTTP and passes requests on instead of redirecting to HTTPS; {FIX}."
                    ),
                ),
                Tri::Unknown(value) => out.unknown(
                    listener,
                    value,
                    format!(
                        "{subject} accepts plain HTTP and may pass requests on without redirecting to HTTPS; {FIX}"
                    ),
                ),
            }
        }
    }
}

/// Whether the listener's protocol is HTTP: written, or the Application Load Balancer default.
fn serves_http<'g>(ctx: &Context<'g>, id: ResourceId, listener: &'g Resource) -> Tri<'g> {
    match str_attr(&listener.body, &["protocol"]) {
        Attr::Set(protocol, _) => Tri::from(protocol.eq_ignore_ascii_case("HTTP")),
        Attr::Unknown(value) => Tri::Unknown(value),
        Attr::Unset => {
            let balancer = ctx
                .graph()
                .edges_from(id)
                .filter(|e| e.kind == EdgeKind::Reference && e.via == "load_balancer_arn")
                .map(|e| ctx.resource(e.to))
                .find(|r| r.is_tf_resource("aws_lb") || r.is_tf_resource("aws_alb"));
            match balancer {
                Some(lb) => str_attr(&lb.body, &["load_balancer_type"])
                    .test("application", |t| t.eq_ignore_ascii_case("application")),
                // The load balancer is not in the scan: its type, and so the default, is unknown.
                None => listener.body.get("load_balancer_arn").value().map_or(Tri::No, Tri::Unknown),
            }
        }
    }
}

/// Whether a default action sends the request on (forward, authenticate) rather than redirecting
/// to HTTPS or answering itself.
fn passes_requests_on(listener: &Resource) -> Tri<'_> {
    let actions = blocks(&listener.body, "default_action");
    let known = actions.known.iter().map(|action| match str_attr(action, &["type"]) {
        Attr::Set(t, _) if t.eq_ignore_ascii_case("fixed-response") => Tri::No,
        // A redirect keeps the request's protocol (`#{protocol}`) unless it names another.
        Attr::Set(t, _) if t.eq_ignore_ascii_case("redirect") => {
            match expect::nested(action, &["redirect", "protocol"]) {
                Lookup::Known(p) => Tri::from(!p.as_str().is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))),
                Lookup::Unknown(v) => Tri::Unknown(v),
                Lookup::Absent => Tri::Yes,
            }
        }
        Attr::Set(_, _) => Tri::Yes,
        Attr::Unset => Tri::No,
        Attr::Unknown(v) => Tri::Unknown(v),
    });
    Tri::any(known.chain(actions.unknown.map(Tri::Unknown)))
}
