//! One resource type for every source: a Terraform block, a plan resource, a Kubernetes object.

use crate::source::Span;
use crate::value::Value;

/// Index of a resource in its [`crate::Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId(pub u32);

/// The kind of Terraform block a resource came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TfBlock {
    Resource,
    Data,
    Module,
    Provider,
    Variable,
    Locals,
    Output,
}

impl TfBlock {
    pub fn as_str(self) -> &'static str {
        match self {
            TfBlock::Resource => "resource",
            TfBlock::Data => "data",
            TfBlock::Module => "module",
            TfBlock::Provider => "provider",
            TfBlock::Variable => "variable",
            TfBlock::Locals => "locals",
            TfBlock::Output => "output",
        }
    }
}

/// Where a Terraform resource lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfOrigin {
    pub block: TfBlock,
    /// The directory of the module, relative to the scan root (`.` for the root itself).
    pub module_dir: String,
    /// The module instance path in Terraform's address form: empty for the root module,
    /// `module.vpc` or `module.eks["dev"].module.nodes[0]` for child modules.
    pub module_path: String,
    /// The environment (a named set of var-files from `tollgate.toml`) this instance was
    /// evaluated for; `None` when the root was evaluated with its own defaults only.
    pub environment: Option<String>,
    /// The root module this instance was evaluated from (its directory relative to the scan
    /// root, `.` for the scan root itself); `None` when no root evaluated it (a plan's
    /// resources, a file read alone). Each root is its own deployment: resources of different
    /// roots are never linked or merged, even at the same address.
    pub root: Option<String>,
    /// The `module` blocks from the root down to this instance's module (empty in the root).
    pub call_chain: Vec<CallSite>,
    /// The provider configuration a `resource` or `data` block uses, found as Terraform finds
    /// it (its `provider` argument, else the default configuration, passed down module calls);
    /// `None` for other blocks and for resources whose configuration no block declares.
    pub provider: Option<ProviderUse>,
}

/// The provider configuration a resource uses and the region it sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderUse {
    /// The configuration's address in the module that declares it (`provider.aws`,
    /// `provider.aws.dr`).
    pub address: String,
    pub region: ProviderRegion,
}

/// The `region` argument of a provider configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderRegion {
    /// A known region name, where it was written.
    Set { name: String, span: Span },
    /// An expression whose value is unknown until apply (what it depends on).
    Unknown { source: String, span: Span },
    /// No `region` argument: the provider reads `AWS_REGION` or the profile.
    NotSet,
}

impl ProviderRegion {
    /// Reads the evaluated `region` argument of a provider body.
    pub fn of_body(body: &Value) -> ProviderRegion {
        match body.get("region").value() {
            Some(value) => match (value.as_str(), value.as_unknown()) {
                (Some(name), _) => ProviderRegion::Set { name: name.to_string(), span: value.span },
                (None, Some(unknown)) => ProviderRegion::Unknown { source: unknown.source.clone(), span: value.span },
                (None, None) => ProviderRegion::Unknown { source: value.display(), span: value.span },
            },
            None => ProviderRegion::NotSet,
        }
    }
}

impl ProviderUse {
    /// The region when it is a known string.
    pub fn known_region(&self) -> Option<&str> {
        match &self.region {
            ProviderRegion::Set { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// A `module` block through which a module instance is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The module instance it creates (`module.eks["dev"]`, `module.eks["dev"].module.nodes`).
    pub address: String,
    /// The `module` block.
    pub span: Span,
}

impl TfOrigin {
    /// Whether `other` belongs to the same deployment: the same root evaluated for the same
    /// environment. Names of real objects (a bucket, a role) only match within one.
    pub fn same_deployment(&self, other: &TfOrigin) -> bool {
        self.root == other.root && self.environment == other.environment
    }
}

/// Identity of a Kubernetes object beyond its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeOrigin {
    pub api_version: String,
    /// API group: empty for the core group (`v1`), `apps` for `apps/v1`.
    pub group: String,
    pub kind: String,
    /// The namespace the manifest names; `None` when it names none (not assumed `default`).
    pub namespace: Option<String>,
    pub name: String,
    /// 0-based index of the YAML document in its file (the items of a `List` share it).
    pub doc_index: u32,
    /// The cluster the object is applied to, when `tollgate.toml` splits the scan into clusters
    /// (the directory named there); `None`: the scan's one default cluster. Objects of different
    /// clusters are never linked and never share a namespace.
    pub cluster: Option<String>,
    /// The Helm release that rendered the object; `None` for a manifest written as a file.
    pub helm: Option<Box<HelmOrigin>>,
}

/// Where a rendered Kubernetes object comes from: which chart, rendered for which release with
/// which values, from which template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelmOrigin {
    /// The chart directory as reports show paths (`charts/web`).
    pub chart: String,
    /// The chart's name (`Chart.yaml` `name`).
    pub chart_name: String,
    pub release: String,
    /// The release namespace (`.Release.Namespace`).
    pub namespace: String,
    /// The values set rendered: a `tollgate.toml` set's name, an Argo CD Application's name, the
    /// Terraform environment (or address) of a `helm_release`, or `default` (the chart's own
    /// values). Findings name it as their environment.
    pub values_set: String,
    /// What `helm template` prints after `# Source: ` (`web/templates/deployment.yaml`).
    pub template: String,
    /// What asked for this render, as `file:line (what)`; `None` for a chart rendered with its
    /// own values because nothing else renders it.
    pub requested_by: Option<String>,
}

impl HelmOrigin {
    /// The release as `inspect` and policies' `input` show it; `generated`: the paths of the
    /// object's values the chart's generating functions made up.
    pub fn to_json(&self, generated: Vec<String>) -> serde_json::Value {
        serde_json::json!({
            "chart": self.chart,
            "chart_name": self.chart_name,
            "release": self.release,
            "namespace": self.namespace,
            "values_set": self.values_set,
            "template": self.template,
            "requested_by": self.requested_by,
            "generated": generated,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Terraform(TfOrigin),
    Kubernetes(KubeOrigin),
}

/// A reference from one of a resource's attributes to another block of the same module, as
/// written (`aws_kms_key.main`, `data.aws_iam_policy_document.x`, `module.vpc`, `var.name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The address referenced, without attribute (`aws_kms_key.main`).
    pub target: String,
    /// The attribute path that holds the reference (`kms_key_id`, `rule.apply_server_side_encryption_by_default.kms_master_key_id`).
    pub attribute: String,
    pub span: Span,
}

/// A node of the graph.
#[derive(Debug, Clone)]
pub struct Resource {
    /// `aws_s3_bucket.logs`, `data.aws_iam_policy_document.x`, `Deployment/payments/api`.
    pub address: String,
    /// The resource type rules select on: `aws_s3_bucket` (also for data sources, see
    /// [`TfBlock`]), `provider` / `variable` / ... for other Terraform blocks, the `kind` for
    /// Kubernetes (`Deployment`).
    pub type_name: String,
    /// The block or object name (`logs`, `api`).
    pub name: String,
    pub origin: Origin,
    /// The whole block or document.
    pub span: Span,
    /// Attributes and nested blocks (Terraform) or the whole object (Kubernetes), as a map.
    pub body: Value,
    /// References written in the body, resolved into edges when the graph is built.
    pub references: Vec<Reference>,
}

impl Resource {
    pub fn terraform(&self) -> Option<&TfOrigin> {
        match &self.origin {
            Origin::Terraform(o) => Some(o),
            Origin::Kubernetes(_) => None,
        }
    }

    pub fn kube(&self) -> Option<&KubeOrigin> {
        match &self.origin {
            Origin::Kubernetes(o) => Some(o),
            Origin::Terraform(_) => None,
        }
    }

    /// A Terraform `resource` block of the given type.
    pub fn is_tf_resource(&self, type_name: &str) -> bool {
        matches!(&self.origin, Origin::Terraform(o) if o.block == TfBlock::Resource) && self.type_name == type_name
    }

    /// A Terraform `data` block of the given type.
    pub fn is_tf_data(&self, type_name: &str) -> bool {
        matches!(&self.origin, Origin::Terraform(o) if o.block == TfBlock::Data) && self.type_name == type_name
    }

    /// A Kubernetes object of the given kind.
    pub fn is_kind(&self, kind: &str) -> bool {
        matches!(&self.origin, Origin::Kubernetes(o) if o.kind == kind)
    }

    /// The Kubernetes namespace the manifest names.
    pub fn namespace(&self) -> Option<&str> {
        self.kube().and_then(|k| k.namespace.as_deref())
    }

    /// The Helm release that rendered a Kubernetes object ([`KubeOrigin::helm`]).
    pub fn helm(&self) -> Option<&HelmOrigin> {
        self.kube().and_then(|k| k.helm.as_deref())
    }

    /// Whether two objects are renders of one chart with different values sets: alternatives
    /// (dev and prod, say), never deployed together, so never linked.
    pub fn is_alternative_render_of(&self, other: &Resource) -> bool {
        match (self.helm(), other.helm()) {
            (Some(a), Some(b)) => a.chart == b.chart && a.values_set != b.values_set,
            _ => false,
        }
    }

    /// The Kubernetes cluster the object belongs to ([`KubeOrigin::cluster`]).
    pub fn cluster(&self) -> Option<&str> {
        self.kube().and_then(|k| k.cluster.as_deref())
    }

    /// Whether two Kubernetes objects are in the same namespace of the same cluster, namespaces
    /// compared as the manifests write them (no namespace matches only no namespace).
    pub fn shares_namespace_with(&self, other: &Resource) -> bool {
        self.cluster() == other.cluster() && self.namespace() == other.namespace()
    }
}
