//! Small accessors over object metadata shared by the analyzers of non-pod kinds.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::evidence::{Evidence, EvidenceKind};
use crate::i18n::Msg;

/// The object's namespace (`default` when unset).
pub fn ns(m: &ObjectMeta) -> &str {
    m.namespace.as_deref().unwrap_or("default")
}

/// The object's name.
pub fn name(m: &ObjectMeta) -> &str {
    m.name.as_deref().unwrap_or("")
}

/// `namespace/name`.
pub fn key(m: &ObjectMeta) -> String {
    format!("{}/{}", ns(m), name(m))
}

/// Evidence of `kubectl describe <resource> <name> [-n ns]` with the lines given, titled
/// `<resource> <name>` (in Chinese by its kind: `PDB web`).
pub fn describe(resource: &str, m: &ObjectMeta, namespaced: bool, lines: &[String]) -> Evidence {
    let command = if namespaced {
        format!("kubectl describe {resource} {} -n {}", name(m), ns(m))
    } else {
        format!("kubectl describe {resource} {}", name(m))
    };
    let mut content = lines.join("\n");
    content.push('\n');
    Evidence::new(
        EvidenceKind::CommandOutput,
        Msg::new("evidence-describe")
            .arg("resource", resource)
            .arg("name", name(m)),
        Some(&command),
        &content,
    )
}
