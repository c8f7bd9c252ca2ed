//! AWS provider semantics applied to the resource graph after loading: what the provider
//! computes or implies that rules need, written where rules read it.
//!
//! While Terraform is evaluated, [`data_source_attributes`] computes what a data source returns
//! when it follows from the configuration alone, so references to it resolve
//! (`policy = data.aws_iam_policy_document.x.json`,
//! `"arn:${data.aws_partition.current.partition}:s3:::logs"`): policy documents, `aws_region`,
//! `aws_partition`, `aws_default_tags` and `aws_arn` (which attributes, why these and not
//! others: the `data_sources` module). The rest of a data source stays unknown, read by the
//! provider during plan.
//!
//! [`enrich`] runs after the Terraform and Kubernetes linkers and
//! - renders every `data "aws_iam_policy_document"` into its `json` and `minified_json`
//!   attributes ([`render_policy_document`]) when the loader has not (a plan's data sources);
//! - merges provider `default_tags` into each taggable resource's `tags_all` ([`tags`]);
//! - links the S3 bucket sub-resources of provider v4+ to their bucket ([`EdgeKind::Configures`]);
//! - links IAM policies and attachments to the roles, users and groups they apply to
//!   ([`EdgeKind::AttachedTo`]) and to the managed policies they attach
//!   ([`EdgeKind::AttachesPolicy`]), and Kubernetes ServiceAccounts to the IAM roles they assume
//!   ([`EdgeKind::AssumesRole`]).
//!
//! It adds values and edges only; it never removes or rewrites what the loaders produced, and a
//! value that is already present (from a plan, say) is kept.

mod data_sources;
mod iam;
mod policy_document;
mod s3;
mod scope;
pub mod tags;

pub use data_sources::{data_source_attributes, ProviderConfig};
pub use iam::{parse_iam_arn, IamArn, ROLE_ARN_ANNOTATION};
pub use policy_document::{render_minified_policy_document, render_policy_document};
pub use s3::BUCKET_SUBRESOURCES;

use std::collections::BTreeMap;
use tollgate_model::{EdgeKind, GraphBuilder, ResourceId};

/// Applies AWS provider semantics to a graph under construction (see the crate documentation).
pub fn enrich(builder: &mut GraphBuilder) {
    render_policy_documents(builder);
    tags::apply_default_tags(builder);
    let refs = RefIndex::new(builder);
    let mut links = Links::default();
    s3::link_bucket_subresources(builder, &mut links);
    iam::link_policies(builder, &refs, &mut links);
    iam::link_service_accounts(builder, &refs, &mut links);
    for (from, to, kind, via) in links.0 {
        builder.add_edge(from, to, kind, via);
    }
}

/// Adds `json` and `minified_json` to each policy document that has neither.
fn render_policy_documents(builder: &mut GraphBuilder) {
    for resource in builder.resources.iter_mut().filter(|r| r.is_tf_data("aws_iam_policy_document")) {
        if resource.body.get("json").is_absent() {
            let json = render_policy_document(&resource.body);
            tags::push_entry(&mut resource.body, "json", json);
        }
        if resource.body.get("minified_json").is_absent() {
            let minified = render_minified_policy_document(&resource.body);
            tags::push_entry(&mut resource.body, "minified_json", minified);
        }
    }
}

/// Edges found while the builder is borrowed, added afterwards.
#[derive(Default)]
pub(crate) struct Links(Vec<(ResourceId, ResourceId, EdgeKind, String)>);

impl Links {
    pub(crate) fn push(&mut self, from: ResourceId, to: ResourceId, kind: EdgeKind, via: &str) {
        self.0.push((from, to, kind, via.to_string()));
    }
}

/// The reference edges of the graph by source resource.
pub(crate) struct RefIndex(BTreeMap<ResourceId, Vec<(String, ResourceId)>>);

impl RefIndex {
    fn new(builder: &GraphBuilder) -> Self {
        let mut map: BTreeMap<ResourceId, Vec<(String, ResourceId)>> = BTreeMap::new();
        for edge in builder.edges().iter().filter(|e| e.kind == EdgeKind::Reference) {
            map.entry(edge.from).or_default().push((edge.via.clone(), edge.to));
        }
        RefIndex(map)
    }

    /// What `from` references through `attribute`.
    pub(crate) fn targets<'a>(&'a self, from: ResourceId, attribute: &'a str) -> impl Iterator<Item = ResourceId> + 'a {
        self.0.get(&from).into_iter().flatten().filter(move |(via, _)| via == attribute).map(|(_, to)| *to)
    }
}
