//! Kubernetes objects rendered from a Helm template: the rendered text is read as any manifest,
//! then every position is moved to the template line that produced it, so a finding points at
//! the template a user edits, not at output nobody keeps.
//!
//! Positions: each line of the rendered text has the 1-based template line that wrote it (0 when
//! the renderer cannot tell); a position on an unknown line points at the document's first known
//! line, and columns are 1 (a template line's columns are not the output's).

use tollgate_model::{FileId, FileLoad, HelmOrigin, Origin, Pos, Resource, SourceFile, Span, Value, ValueKind};

/// One rendered document and what it is to be loaded as.
#[derive(Debug, Clone, Copy)]
pub struct RenderedManifest<'a> {
    /// The template file in the source map: spans of the objects point into it.
    pub file: FileId,
    /// The template file as reports show it.
    pub path: &'a str,
    /// The rendered document (one YAML document).
    pub text: &'a str,
    /// For each line of `text`, the template line that produced it (0: not known).
    pub lines: &'a [u32],
    /// The document's index among those its template produced in this render.
    pub doc_index: u32,
    /// The release's chart, release, values set and template.
    pub helm: &'a HelmOrigin,
    /// The namespace objects that name none are applied to (`helm install -n`, an Argo CD
    /// destination); `None` keeps them unspecified.
    pub applied_namespace: Option<&'a str>,
}

/// The objects of a rendered document, positioned in the template, named with their values set
/// (`Deployment/prod/api@dev`) so that renders of one chart with several values sets stay apart.
pub fn parse_rendered(manifest: &RenderedManifest<'_>) -> FileLoad {
    let source = SourceFile { path: manifest.path.to_string(), text: manifest.text.into() };
    let (mut load, _) = crate::parse(manifest.file, &source, false);
    let lines = LineMap::new(manifest.lines);
    for resource in &mut load.resources {
        place(resource, manifest, &lines);
    }
    for error in &mut load.errors {
        error.line = lines.line(error.line);
        error.column = 1;
        error.message = format!(
            "the output of template `{}` (values set `{}`) is not a manifest: {}",
            manifest.helm.template, manifest.helm.values_set, error.message
        );
    }
    for skip in &mut load.skipped {
        skip.document = Some(manifest.doc_index);
        skip.reason = format!("rendered from `{}`: {}", manifest.helm.template, skip.reason);
    }
    load
}

/// Moves a rendered object into its template and release.
fn place(resource: &mut Resource, manifest: &RenderedManifest<'_>, lines: &LineMap) {
    remap(&mut resource.body, lines);
    resource.span = lines.span(resource.span);
    let Origin::Kubernetes(origin) = &mut resource.origin else { return };
    origin.doc_index = manifest.doc_index;
    let scoped = !crate::kinds::is_cluster_scoped(&origin.group, &origin.kind);
    if origin.namespace.is_none() && scoped {
        origin.namespace = manifest.applied_namespace.map(str::to_string);
    }
    let identity = match &origin.namespace {
        Some(namespace) => format!("{}/{namespace}/{}", origin.kind, origin.name),
        None => format!("{}/{}", origin.kind, origin.name),
    };
    resource.address = format!("{identity}@{}", manifest.helm.values_set);
    origin.helm = Some(Box::new(manifest.helm.clone()));
}

fn remap(value: &mut Value, lines: &LineMap) {
    value.span = lines.span(value.span);
    match &mut value.kind {
        ValueKind::List(items) => items.iter_mut().for_each(|item| remap(item, lines)),
        ValueKind::Map(entries) => {
            for entry in entries {
                entry.key_span = lines.span(entry.key_span);
                remap(&mut entry.value, lines);
            }
        }
        _ => {}
    }
}

/// Rendered line to template line.
struct LineMap<'a> {
    lines: &'a [u32],
    /// The document's first known template line (1 when none is known).
    first: u32,
}

impl<'a> LineMap<'a> {
    fn new(lines: &'a [u32]) -> Self {
        let first = lines.iter().copied().find(|line| *line > 0).unwrap_or(1);
        LineMap { lines, first }
    }

    fn line(&self, rendered: u32) -> u32 {
        let index = (rendered as usize).checked_sub(1);
        index.and_then(|i| self.lines.get(i).copied()).filter(|line| *line > 0).unwrap_or(self.first)
    }

    fn span(&self, span: Span) -> Span {
        let start = self.line(span.start.line);
        // Template lines need not grow with output lines (`range`, `include`): keep end >= start.
        let end = self.line(span.end.line).max(start);
        Span::new(span.file, Pos::new(start, 1), Pos::new(end, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(values_set: &str) -> HelmOrigin {
        HelmOrigin {
            chart: "charts/web".into(),
            chart_name: "web".into(),
            release: "web".into(),
            namespace: "prod".into(),
            values_set: values_set.into(),
            template: "web/templates/deployment.yaml".into(),
            requested_by: None,
        }
    }

    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    \
                              spec:\n      containers:\n        - name: app\n          image: nginx\n";

    fn manifest<'a>(text: &'a str, lines: &'a [u32], helm: &'a HelmOrigin) -> RenderedManifest<'a> {
        RenderedManifest {
            file: FileId(3),
            path: "charts/web/templates/deployment.yaml",
            text,
            lines,
            doc_index: 1,
            helm,
            applied_namespace: Some("prod"),
        }
    }

    #[test]
    fn positions_are_template_lines_and_unknown_lines_fall_back_to_the_first_known() {
        let helm = origin("dev");
        // Template lines 4..: the `name` line (4) came from an include the renderer cannot place.
        let lines = [4, 5, 6, 0, 8, 9, 10, 11, 12, 13];
        let load = parse_rendered(&manifest(DEPLOYMENT, &lines, &helm));
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        let [deployment] = load.resources.as_slice() else { panic!("{:?}", load.resources) };
        assert_eq!(deployment.span.file, FileId(3));
        assert_eq!((deployment.span.start.line, deployment.span.end.line), (4, 13));
        let name = deployment.body.lookup(&["metadata", "name"]).known().unwrap();
        assert_eq!(name.span.start, Pos::new(4, 1), "unknown line: the document's first known line");
        let image = deployment.body.lookup(&["spec", "template", "spec", "containers"]).known().unwrap();
        let image = image.items()[0].get("image").known().unwrap();
        assert_eq!((image.span.start.line, image.span.end.line), (13, 13));
        let entry = deployment.body.as_map().unwrap().iter().find(|e| e.key == "kind").unwrap();
        assert_eq!(entry.key_span.start.line, 5);
    }

    #[test]
    fn objects_take_the_release_namespace_and_name_their_values_set() {
        let helm = origin("dev");
        let lines = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        let load = parse_rendered(&manifest(DEPLOYMENT, &lines, &helm));
        let deployment = &load.resources[0];
        assert_eq!(deployment.address, "Deployment/prod/web@dev");
        assert_eq!(deployment.namespace(), Some("prod"));
        let kube = deployment.kube().unwrap();
        assert_eq!(kube.doc_index, 1);
        assert_eq!(kube.helm.as_deref(), Some(&helm));

        let without = RenderedManifest { applied_namespace: None, ..manifest(DEPLOYMENT, &lines, &helm) };
        assert_eq!(parse_rendered(&without).resources[0].address, "Deployment/web@dev");
        let cluster_scoped = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n";
        let load = parse_rendered(&manifest(cluster_scoped, &lines, &helm));
        assert_eq!(load.resources[0].address, "ClusterRole/r@dev");
        assert_eq!(load.resources[0].namespace(), None);
    }

    #[test]
    fn broken_output_is_an_error_at_the_template_line_and_non_objects_are_skipped() {
        let helm = origin("prod");
        let load = parse_rendered(&manifest("a: 1\nb: [\n", &[7, 9], &helm));
        let [error] = load.errors.as_slice() else { panic!("{:?}", load.errors) };
        assert_eq!(error.file, "charts/web/templates/deployment.yaml");
        assert!(error.line == 9 || error.line == 7, "{error:?}");
        assert!(error.message.contains("web/templates/deployment.yaml") && error.message.contains("`prod`"));
        let load = parse_rendered(&manifest("just: values\n", &[2], &helm));
        assert!(load.resources.is_empty());
        assert_eq!(load.skipped[0].document, Some(1));
    }

    #[test]
    fn alternative_renders_of_a_chart_are_told_apart() {
        let (dev, prod) = (origin("dev"), origin("prod"));
        let lines = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        let a = parse_rendered(&manifest(DEPLOYMENT, &lines, &dev)).resources.remove(0);
        let b = parse_rendered(&manifest(DEPLOYMENT, &lines, &prod)).resources.remove(0);
        assert!(a.is_alternative_render_of(&b) && !a.is_alternative_render_of(&a));
        assert_ne!(a.address, b.address);
    }
}
