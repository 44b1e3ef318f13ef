//! Autocomplete suggestions: workload names for `/triage service` and pod names for
//! `/logs pod`, from the cluster the command being typed names (or the default one), listed as
//! the identity the access policy would grant that command, in the namespace it would read:
//! a suggestion reveals no more than the command would.

use tracing::warn;

use super::scope;
use crate::app::App;
use crate::cluster::{Identity, pod_names, workload_names};
use crate::command::{Command, RawCommand, TriageScope};
use crate::invocation::Actor;

/// Names starting with `typed` for the option `focused` of the command being typed (`raw`, its
/// options so far); none where the command has nothing to suggest, where the policy would
/// refuse the command, or when the cluster cannot be read.
pub async fn suggest(
    app: &App,
    actor: &Actor,
    direct_message: bool,
    raw: &RawCommand,
    focused: &str,
    typed: &str,
) -> Vec<String> {
    let pods = match (raw.name.as_str(), focused) {
        ("triage", "service") => false,
        ("logs", "pod") => true,
        _ => return Vec::new(),
    };
    let Some(clusters) = app.clusters.as_ref() else {
        return Vec::new();
    };
    let option = |key: &str| {
        raw.options
            .iter()
            .find(|o| o.key == key && !o.value.is_empty())
            .map(|o| o.value.clone())
    };
    // The command being typed, judged as it would be when sent.
    let probe = if pods {
        Command::Logs {
            pod: String::new(),
            namespace: option("namespace"),
            container: None,
            previous: false,
            tail: 1,
            cluster: option("cluster"),
        }
    } else {
        Command::Triage {
            scope: TriageScope::Service(String::new()),
            namespace: option("namespace"),
            cluster: option("cluster"),
            current_log: false,
        }
    };
    let (cluster, namespace) = scope(app, &probe);
    let identity = match &app.policy {
        None => Identity::default(),
        Some(policy) => match policy.authorize(actor, direct_message, &probe, cluster, namespace) {
            Ok(grant) => grant.identity,
            Err(_) => return Vec::new(),
        },
    };
    let names = match clusters.get(Some(cluster), &identity).await {
        Ok(ro) if pods => pod_names(&ro, namespace, typed).await,
        Ok(ro) => workload_names(&ro, namespace, typed).await,
        Err(e) => Err(e),
    };
    names.unwrap_or_else(|e| {
        warn!(error = %e, "autocomplete: cannot list names");
        Vec::new()
    })
}
