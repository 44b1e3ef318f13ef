//! Checks the Kubernetes manifests in `deploy/` (the base and each overlay) against what warroom
//! promises operators: RBAC that only reads, and reads exactly `warroom::cluster::READS`;
//! impersonation limited to named groups; a hardened Deployment whose probes let it start and
//! whose secrets come from a Secret; a non-root image.
//!
//! Manifests are rendered with `kubectl kustomize` when kubectl is on PATH. Without it the test
//! prints "skipped: kubectl not found" and reads the raw files the kustomization.yaml files list
//! (resources, configMapGenerator with its merge behavior, `$patch: delete` patches), then runs
//! the same checks.

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, Namespace, PodSpec, Probe, Service, ServiceAccount,
};
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use warroom::cluster::{READS, ReadResource};

/// The kustomizations that must render and pass the checks.
const BASE: &str = "deploy";
const NAMESPACED: &str = "deploy/overlays/namespaced";
const IMPERSONATION: &str = "deploy/overlays/impersonation";

const NAMESPACE: &str = "warroom";
const SERVICE_ACCOUNT: &str = "warroom";
const READER: &str = "warroom-reader";
const IMPERSONATOR: &str = "warroom-impersonator";
const SECRET: &str = "warroom-discord";
const CONFIG_MAP: &str = "warroom-config";
const UID: i64 = 65532;
const PORT: i32 = 8080;
/// The least time a pod gets to start before the liveness probe may restart it.
const MIN_STARTUP_SECONDS: i32 = 30;

const READ_VERBS: &[&str] = &["get", "list", "watch"];
/// Never granted, in any API group, by any rule.
const FORBIDDEN: &[&str] = &[
    "secrets",
    "configmaps",
    "pods/exec",
    "pods/attach",
    "pods/portforward",
    "nodes/proxy",
    "serviceaccounts/token",
];
/// The entries of `READS` that are cluster-scoped: a namespaced Role cannot grant them.
const CLUSTER_SCOPED: &[(&str, &str)] = &[
    ("", "nodes"),
    ("", "namespaces"),
    ("", "persistentvolumes"),
    ("metrics.k8s.io", "nodes"),
    ("networking.k8s.io", "ingressclasses"),
    ("storage.k8s.io", "storageclasses"),
    (
        "admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
    ),
    (
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
    ),
];
/// Environment variables that carry secrets and must come from the Secret, never a literal.
const SECRET_ENV: &[&str] = &[
    "DISCORD_TOKEN",
    "DISCORD_PUBLIC_KEY",
    "DISCORD_APPLICATION_ID",
];
const ARGS: &[&str] = &[
    "serve",
    "--http",
    "0.0.0.0:8080",
    "--config",
    "/etc/warroom/warroom.toml",
];
const CONFIG_DIR: &str = "/etc/warroom";
const DATA_DIR: &str = "/var/lib/warroom";

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// The objects one kustomization renders to, as JSON values (YAML parsed with serde_norway).
struct Rendering {
    dir: &'static str,
    docs: Vec<Value>,
}

impl Rendering {
    /// Every object of type `T`, parsed into its k8s-openapi type.
    fn all<T: Resource + DeserializeOwned>(&self) -> Vec<T> {
        self.docs
            .iter()
            .filter(|doc| is::<T>(doc))
            .map(|doc| {
                serde_json::from_value(doc.clone()).unwrap_or_else(|e| {
                    panic!("{}: a {} does not parse: {e}\n{doc:#}", self.dir, T::KIND)
                })
            })
            .collect()
    }

    /// The one object of type `T`.
    fn one<T: Resource + DeserializeOwned>(&self) -> T {
        let mut all = self.all::<T>();
        assert_eq!(all.len(), 1, "{}: expected one {}", self.dir, T::KIND);
        all.remove(0)
    }
}

fn is<T: Resource>(doc: &Value) -> bool {
    doc["apiVersion"] == T::API_VERSION && doc["kind"] == T::KIND
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Renders `dir` (relative to the crate root) with kubectl, or from the raw files without it.
fn render(dir: &'static str) -> Rendering {
    let path = root().join(dir);
    let docs = match Command::new("kubectl").arg("kustomize").arg(&path).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "kubectl kustomize {dir} failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).expect("kubectl output is UTF-8");
            parse_yaml(&text).unwrap_or_else(|e| panic!("{dir}: {e}"))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            println!("skipped: kubectl not found; checking the raw files of {dir}");
            render_raw(&path).unwrap_or_else(|e| panic!("{dir}: {e}"))
        }
        Err(e) => panic!("cannot run kubectl: {e}"),
    };
    Rendering { dir, docs }
}

/// Every non-empty document of a multi-document YAML stream.
fn parse_yaml(text: &str) -> Result<Vec<Value>, String> {
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        let value = Value::deserialize(doc).map_err(|e| format!("invalid YAML: {e}"))?;
        if !value.is_null() {
            docs.push(value);
        }
    }
    Ok(docs)
}

fn read_yaml(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The subset of kustomize this crate's manifests use: `resources` (files and directories),
/// `configMapGenerator` (without the name hash), `patches` that delete an object, and `images`
/// (ignored: no check looks at the image). Anything else is an error, not silently skipped.
fn render_raw(dir: &Path) -> Result<Vec<Value>, String> {
    let kustomization = read_yaml(&dir.join("kustomization.yaml"))?
        .pop()
        .ok_or_else(|| format!("{}: empty kustomization.yaml", dir.display()))?;
    let Value::Object(fields) = kustomization else {
        return Err(format!("{}: kustomization is not a mapping", dir.display()));
    };
    let mut docs = Vec::new();
    for (key, value) in &fields {
        match key.as_str() {
            "apiVersion" | "kind" | "images" => {}
            "resources" => {
                for entry in strings(value) {
                    let path = dir.join(entry);
                    docs.extend(if path.is_dir() {
                        render_raw(&path)?
                    } else {
                        read_yaml(&path)?
                    });
                }
            }
            "configMapGenerator" | "patches" => {}
            other => {
                return Err(format!(
                    "{}: raw rendering cannot apply {other}",
                    dir.display()
                ));
            }
        }
    }
    for generator in fields
        .get("configMapGenerator")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let generated = generate_config_map(dir, generator)?;
        match generator["behavior"].as_str() {
            None | Some("create") => docs.push(generated),
            Some("merge") => {
                let base = docs
                    .iter_mut()
                    .find(|d| same_object(d, &generated))
                    .ok_or_else(|| format!("{}: merges into a missing ConfigMap", dir.display()))?;
                for (key, value) in generated["data"].as_object().into_iter().flatten() {
                    base["data"][key] = value.clone();
                }
            }
            Some(other) => {
                return Err(format!(
                    "{}: raw rendering cannot apply behavior {other}",
                    dir.display()
                ));
            }
        }
    }
    for patch in fields
        .get("patches")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path = patch["path"]
            .as_str()
            .ok_or_else(|| format!("{}: only patches with a path are supported", dir.display()))?;
        for doc in read_yaml(&dir.join(path))? {
            if doc["$patch"] != "delete" {
                return Err(format!("{path}: raw rendering only applies $patch: delete"));
            }
            let before = docs.len();
            docs.retain(|d| !same_object(d, &doc));
            if docs.len() == before {
                return Err(format!("{path}: deletes an object that does not exist"));
            }
        }
    }
    Ok(docs)
}

fn strings(value: &Value) -> impl Iterator<Item = &str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn same_object(a: &Value, b: &Value) -> bool {
    a["kind"] == b["kind"]
        && a["metadata"]["name"] == b["metadata"]["name"]
        && a["metadata"]["namespace"] == b["metadata"]["namespace"]
}

fn generate_config_map(dir: &Path, generator: &Value) -> Result<Value, String> {
    let mut data = Map::new();
    for file in strings(&generator["files"]) {
        let (key, path) = file.split_once('=').unwrap_or_else(|| {
            let key = Path::new(file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(file);
            (key, file)
        });
        let text = std::fs::read_to_string(dir.join(path)).map_err(|e| format!("{path}: {e}"))?;
        data.insert(key.to_owned(), Value::String(text));
    }
    let mut metadata = Map::new();
    metadata.insert("name".into(), generator["name"].clone());
    if !generator["namespace"].is_null() {
        metadata.insert("namespace".into(), generator["namespace"].clone());
    }
    if !generator["options"]["labels"].is_null() {
        metadata.insert("labels".into(), generator["options"]["labels"].clone());
    }
    Ok(serde_json::json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata,
        "data": data,
    }))
}

/// Documents whose type is not one this deployment is expected to contain (a Secret, say).
fn unexpected_kinds(docs: &[Value]) -> Vec<String> {
    docs.iter()
        .filter(|d| {
            !(is::<Namespace>(d)
                || is::<ServiceAccount>(d)
                || is::<ClusterRole>(d)
                || is::<ClusterRoleBinding>(d)
                || is::<Role>(d)
                || is::<RoleBinding>(d)
                || is::<Deployment>(d)
                || is::<Service>(d)
                || is::<ConfigMap>(d))
        })
        .map(|d| {
            format!(
                "{} {} {}",
                d["apiVersion"], d["kind"], d["metadata"]["name"]
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// RBAC checks
// ---------------------------------------------------------------------------------------------

/// Why `rules` are not read-only: verbs beyond get/list/watch, wildcards, forbidden resources,
/// non-resource URLs.
fn read_only_problems(rules: &[PolicyRule]) -> Vec<String> {
    let mut problems = wildcard_problems(rules);
    for rule in rules {
        for verb in &rule.verbs {
            if !READ_VERBS.contains(&verb.as_str()) {
                problems.push(format!("verb {verb:?} is not read-only"));
            }
        }
        for resource in rule.resources.iter().flatten() {
            if FORBIDDEN.contains(&resource.as_str()) {
                problems.push(format!("forbidden resource {resource:?}"));
            }
        }
        if rule
            .non_resource_urls
            .as_ref()
            .is_some_and(|u| !u.is_empty())
        {
            problems.push("non-resource URLs are granted".to_owned());
        }
    }
    problems
}

/// A `*` anywhere in `rules`.
fn wildcard_problems(rules: &[PolicyRule]) -> Vec<String> {
    let mut problems = Vec::new();
    for rule in rules {
        let fields = [
            ("verbs", Some(&rule.verbs)),
            ("apiGroups", rule.api_groups.as_ref()),
            ("resources", rule.resources.as_ref()),
            ("resourceNames", rule.resource_names.as_ref()),
            ("nonResourceURLs", rule.non_resource_urls.as_ref()),
        ];
        for (field, values) in fields {
            for value in values.into_iter().flatten() {
                if value.contains('*') {
                    problems.push(format!("wildcard {value:?} in {field}"));
                }
            }
        }
    }
    problems
}

/// (group, resource, verb) for every grant of `rules` that is not limited by resourceNames.
fn grants(rules: &[PolicyRule]) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for rule in rules {
        if rule.resource_names.as_ref().is_some_and(|n| !n.is_empty()) {
            continue;
        }
        for group in rule.api_groups.iter().flatten() {
            for resource in rule.resources.iter().flatten() {
                for verb in &rule.verbs {
                    out.insert((group.clone(), resource.clone(), verb.clone()));
                }
            }
        }
    }
    out
}

/// The verbs a read needs: a subresource such as `pods/log` is only ever fetched with GET.
fn needed_verbs(read: &ReadResource) -> &'static [&'static str] {
    if read.resource.contains('/') {
        &["get"]
    } else {
        READ_VERBS
    }
}

/// The reads of `reads` that `rules` do not fully grant.
fn missing_reads(reads: &[ReadResource], rules: &[PolicyRule]) -> Vec<String> {
    let granted = grants(rules);
    let mut missing = Vec::new();
    for read in reads {
        for verb in needed_verbs(read) {
            let key = (
                read.group.to_owned(),
                read.resource.to_owned(),
                (*verb).to_owned(),
            );
            if !granted.contains(&key) {
                missing.push(format!("{verb} {}", describe(read.group, read.resource)));
            }
        }
    }
    missing
}

/// The (group, resource) pairs `rules` grant that are not in `reads`.
fn extra_grants(reads: &[ReadResource], rules: &[PolicyRule]) -> Vec<String> {
    let mut extra = BTreeSet::new();
    for rule in rules {
        for group in rule.api_groups.iter().flatten() {
            for resource in rule.resources.iter().flatten() {
                if !reads
                    .iter()
                    .any(|r| r.group == group && r.resource == resource)
                {
                    extra.insert(describe(group, resource));
                }
            }
        }
    }
    extra.into_iter().collect()
}

fn describe(group: &str, resource: &str) -> String {
    if group.is_empty() {
        resource.to_owned()
    } else {
        format!("{resource}.{group}")
    }
}

/// The entries of READS a namespaced Role can grant.
fn namespaced_reads() -> Vec<ReadResource> {
    READS
        .iter()
        .filter(|r| !CLUSTER_SCOPED.contains(&(r.group, r.resource)))
        .copied()
        .collect()
}

/// Every problem of a reader role's rules against the reads it must grant, and nothing more.
fn reader_problems(reads: &[ReadResource], rules: &[PolicyRule]) -> Vec<String> {
    let mut problems = read_only_problems(rules);
    problems.extend(
        missing_reads(reads, rules)
            .into_iter()
            .map(|m| format!("missing: {m}")),
    );
    problems.extend(
        extra_grants(reads, rules)
            .into_iter()
            .map(|e| format!("not read by warroom: {e}")),
    );
    problems
}

/// Why `rules` are more than "impersonate these named groups": any other verb or resource, a
/// rule without resourceNames, a wildcard. Kubernetes refuses Impersonate-Group without
/// Impersonate-User, so `users` limited by resourceNames is accepted too.
fn impersonation_problems(rules: &[PolicyRule]) -> Vec<String> {
    let mut problems = wildcard_problems(rules);
    for rule in rules {
        if rule.verbs != ["impersonate"] {
            problems.push(format!("verbs {:?}, want only impersonate", rule.verbs));
        }
        if rule.api_groups.as_deref() != Some(&[String::new()]) {
            problems.push(format!(
                "apiGroups {:?}, want only the core group",
                rule.api_groups
            ));
        }
        for resource in rule.resources.iter().flatten() {
            if resource != "groups" && resource != "users" {
                problems.push(format!("impersonates {resource:?}"));
            }
        }
        if rule.resource_names.as_ref().is_none_or(Vec::is_empty) {
            problems.push(format!("{:?} not limited by resourceNames", rule.resources));
        }
        if rule
            .non_resource_urls
            .as_ref()
            .is_some_and(|u| !u.is_empty())
        {
            problems.push("non-resource URLs are granted".to_owned());
        }
    }
    if impersonated_groups(rules).is_empty() {
        problems.push("no rule impersonates groups".to_owned());
    }
    problems
}

/// The group names the rules allow to impersonate.
fn impersonated_groups(rules: &[PolicyRule]) -> BTreeSet<String> {
    rules
        .iter()
        .filter(|r| r.resources.iter().flatten().any(|res| res == "groups"))
        .flat_map(|r| r.resource_names.iter().flatten().cloned())
        .collect()
}

fn is_warroom_sa(subjects: Option<&Vec<Subject>>) -> bool {
    matches!(subjects.map(Vec::as_slice), Some([s])
        if s.kind == "ServiceAccount"
            && s.name == SERVICE_ACCOUNT
            && s.namespace.as_deref() == Some(NAMESPACE))
}

// ---------------------------------------------------------------------------------------------
// Deployment, Service, config and image checks
// ---------------------------------------------------------------------------------------------

/// Records `what` as a problem unless `ok`.
fn require(problems: &mut Vec<String>, ok: bool, what: &str) {
    if !ok {
        problems.push(what.to_owned());
    }
}

fn pod_spec(deployment: &Deployment) -> Option<&PodSpec> {
    deployment.spec.template.spec.as_ref()
}

/// Seconds a probe allows before it gives up (the kubelet's defaults where a field is unset).
fn allowance(probe: &Probe) -> i32 {
    probe.initial_delay_seconds.unwrap_or(0)
        + probe.period_seconds.unwrap_or(10) * probe.failure_threshold.unwrap_or(3)
}

/// Whether `port` names or numbers the container's port 8080.
fn is_app_port(container: &Container, port: &IntOrString) -> bool {
    match port {
        IntOrString::Int(n) => *n == PORT,
        IntOrString::String(name) => container
            .ports
            .iter()
            .flatten()
            .any(|p| p.name.as_deref() == Some(name.as_str()) && p.container_port == PORT),
    }
}

fn probe_problems(kind: &str, probe: Option<&Probe>, path: &str, c: &Container) -> Vec<String> {
    let Some(probe) = probe else {
        return vec![format!("no {kind}")];
    };
    match &probe.http_get {
        Some(get) if get.path.as_deref() == Some(path) && is_app_port(c, &get.port) => vec![],
        _ => vec![format!("{kind} is not httpGet {path} on port {PORT}")],
    }
}

/// Why the warroom Deployment breaks a rule of deploy/README.md.
fn deployment_problems(deployment: &Deployment) -> Vec<String> {
    let Some(pod) = pod_spec(deployment) else {
        return vec!["no pod template spec".to_owned()];
    };
    let [container] = pod.containers.as_slice() else {
        return vec![format!("{} containers, want one", pod.containers.len())];
    };
    let mut problems = Vec::new();
    let pod_sc = pod.security_context.as_ref();
    let sc = container.security_context.as_ref();

    // Who the pod runs as.
    require(
        &mut problems,
        pod.service_account_name.as_deref() == Some(SERVICE_ACCOUNT),
        "not the warroom ServiceAccount",
    );
    require(
        &mut problems,
        pod.automount_service_account_token == Some(true),
        "the ServiceAccount token is not mounted",
    );
    let non_root = sc
        .and_then(|s| s.run_as_non_root)
        .or(pod_sc.and_then(|s| s.run_as_non_root));
    require(
        &mut problems,
        non_root == Some(true),
        "runAsNonRoot is not true",
    );
    let user = sc
        .and_then(|s| s.run_as_user)
        .or(pod_sc.and_then(|s| s.run_as_user));
    require(&mut problems, user == Some(UID), "runAsUser is not 65532");
    require(
        &mut problems,
        sc.and_then(|s| s.read_only_root_filesystem) == Some(true),
        "root filesystem is writable",
    );
    require(
        &mut problems,
        sc.and_then(|s| s.allow_privilege_escalation) == Some(false),
        "privilege escalation is allowed",
    );
    require(
        &mut problems,
        sc.and_then(|s| s.privileged) != Some(true),
        "privileged",
    );
    let caps = sc.and_then(|s| s.capabilities.as_ref());
    require(
        &mut problems,
        caps.and_then(|c| c.drop.as_ref())
            .is_some_and(|d| d.iter().any(|x| x == "ALL")),
        "capabilities are not all dropped",
    );
    require(
        &mut problems,
        caps.and_then(|c| c.add.as_ref()).is_none_or(Vec::is_empty),
        "capabilities are added",
    );
    let seccomp = sc
        .and_then(|s| s.seccomp_profile.as_ref())
        .or(pod_sc.and_then(|s| s.seccomp_profile.as_ref()));
    require(
        &mut problems,
        seccomp.is_some_and(|p| p.type_ == "RuntimeDefault"),
        "seccompProfile is not RuntimeDefault",
    );
    require(
        &mut problems,
        pod.host_network != Some(true) && pod.host_pid != Some(true) && pod.host_ipc != Some(true),
        "shares a host namespace",
    );

    // What it runs.
    let args: Vec<&str> = container
        .args
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    require(
        &mut problems,
        args == ARGS,
        "args are not `serve --http 0.0.0.0:8080 --config /etc/warroom/warroom.toml`",
    );
    require(
        &mut problems,
        container.command.is_none(),
        "command overrides the image's entrypoint",
    );
    let resources = container.resources.as_ref();
    let requests = resources.and_then(|r| r.requests.as_ref());
    require(
        &mut problems,
        requests.is_some_and(|r| r.contains_key("cpu") && r.contains_key("memory")),
        "no cpu and memory requests",
    );
    require(
        &mut problems,
        resources
            .and_then(|r| r.limits.as_ref())
            .is_some_and(|l| l.contains_key("memory")),
        "no memory limit",
    );

    // Probes: the liveness probe must not restart a pod that is still starting.
    problems.extend(probe_problems(
        "livenessProbe",
        container.liveness_probe.as_ref(),
        "/healthz",
        container,
    ));
    problems.extend(probe_problems(
        "readinessProbe",
        container.readiness_probe.as_ref(),
        "/readyz",
        container,
    ));
    problems.extend(probe_problems(
        "startupProbe",
        container.startup_probe.as_ref(),
        "/healthz",
        container,
    ));
    let startup = container.startup_probe.as_ref().map_or(0, allowance);
    if startup < MIN_STARTUP_SECONDS {
        problems.push(format!(
            "startupProbe allows {startup} s, want at least {MIN_STARTUP_SECONDS}"
        ));
    }
    let liveness_delay = container
        .liveness_probe
        .as_ref()
        .and_then(|p| p.initial_delay_seconds)
        .unwrap_or(0);
    if liveness_delay + startup < MIN_STARTUP_SECONDS {
        problems.push(format!(
            "liveness may fire after {} s of start-up, want at least {MIN_STARTUP_SECONDS}",
            liveness_delay + startup
        ));
    }

    // Secrets come from the Secret, never from a literal.
    let env = container.env.as_deref().unwrap_or_default();
    for name in SECRET_ENV {
        let vars: Vec<_> = env.iter().filter(|v| v.name == *name).collect();
        let from_secret = matches!(vars.as_slice(), [v] if v.value.is_none()
            && v.value_from.as_ref().and_then(|f| f.secret_key_ref.as_ref())
                .is_some_and(|s| s.name == SECRET && s.optional != Some(true)));
        require(
            &mut problems,
            from_secret,
            &format!("{name} is not a required secretKeyRef to {SECRET}"),
        );
    }
    for var in env
        .iter()
        .filter(|v| v.name.starts_with("DISCORD_") && v.value.is_some())
    {
        problems.push(format!("{} has a literal value", var.name));
    }
    let database = env.iter().find(|v| v.name == "WARROOM_DATABASE_URL");
    require(
        &mut problems,
        database.is_some_and(|v| {
            v.value.is_none()
                && v.value_from
                    .as_ref()
                    .and_then(|f| f.secret_key_ref.as_ref())
                    .is_some_and(|s| s.name == SECRET && s.optional == Some(true))
        }),
        "WARROOM_DATABASE_URL is not an optional secretKeyRef to warroom-discord",
    );
    let alerts_token = env.iter().find(|v| v.name == "WARROOM_ALERTS_TOKEN");
    require(
        &mut problems,
        alerts_token.is_some_and(|v| {
            v.value.is_none()
                && v.value_from
                    .as_ref()
                    .and_then(|f| f.secret_key_ref.as_ref())
                    .is_some_and(|s| {
                        s.name == SECRET && s.key == "alerts-token" && s.optional == Some(true)
                    })
        }),
        "WARROOM_ALERTS_TOKEN is not an optional secretKeyRef to warroom-discord key alerts-token",
    );

    // Volumes: the config is mounted read-only; the SQLite directory is a writable emptyDir.
    let volume_at = |path: &str| {
        let mount = container
            .volume_mounts
            .iter()
            .flatten()
            .find(|m| m.mount_path == path)?;
        let volume = pod
            .volumes
            .iter()
            .flatten()
            .find(|v| v.name == mount.name)?;
        Some((mount, volume))
    };
    require(
        &mut problems,
        volume_at(CONFIG_DIR).is_some_and(|(m, v)| {
            m.read_only == Some(true)
                && v.config_map
                    .as_ref()
                    .is_some_and(|c| c.name.starts_with(CONFIG_MAP))
        }),
        "config is not the ConfigMap warroom-config mounted read-only at /etc/warroom",
    );
    require(
        &mut problems,
        volume_at(DATA_DIR)
            .is_some_and(|(m, v)| m.read_only != Some(true) && v.empty_dir.is_some()),
        "no writable emptyDir at /var/lib/warroom",
    );
    problems
}

/// Why the Service does not route port 80 to the Deployment's port 8080.
fn service_problems(service: &Service, deployment: &Deployment) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(spec) = &service.spec else {
        return vec!["no spec".to_owned()];
    };
    if spec.type_.as_deref() != Some("ClusterIP") {
        problems.push(format!("type {:?}, want ClusterIP", spec.type_));
    }
    let container = pod_spec(deployment).and_then(|p| p.containers.first());
    let routes = spec.ports.iter().flatten().any(|p| {
        p.port == 80
            && container.is_some_and(|c| p.target_port.as_ref().is_some_and(|t| is_app_port(c, t)))
    });
    if !routes {
        problems.push("no port 80 to the container's 8080".to_owned());
    }
    let labels = deployment
        .spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref());
    let selects = spec.selector.as_ref().is_some_and(|sel| {
        !sel.is_empty()
            && sel
                .iter()
                .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v))
    });
    if !selects {
        problems.push("selector does not match the pod template".to_owned());
    }
    problems
}

/// The `impersonate_group` values of the chat policy in a warroom.toml.
fn policy_groups(toml_text: &str) -> BTreeSet<String> {
    let config: toml::Table = toml_text.parse().expect("warroom.toml is valid TOML");
    let rules = config
        .get("policy")
        .and_then(|p| p.get("rules"))
        .and_then(toml::Value::as_array);
    rules
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("impersonate_group")?.as_str().map(str::to_owned))
        .collect()
}

/// Why the image built by `dockerfile` would not run warroom as the non-root user 65532.
fn dockerfile_problems(dockerfile: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let joined = dockerfile.replace("\\\n", " ");
    let instructions: Vec<(String, &str)> = joined
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(char::is_whitespace))
        .map(|(op, rest)| (op.to_ascii_uppercase(), rest.trim()))
        .collect();
    let Some(last_from) = instructions.iter().rposition(|(op, _)| op == "FROM") else {
        return vec!["no FROM".to_owned()];
    };
    let runtime = &instructions[last_from..];
    if last_from == 0 {
        problems.push("not a multi-stage build".to_owned());
    }
    if !instructions[..last_from]
        .iter()
        .any(|(op, rest)| op == "RUN" && rest.contains("cargo build --release --locked"))
    {
        problems.push("the build stage does not run cargo build --release --locked".to_owned());
    }
    let user = runtime
        .iter()
        .rev()
        .find(|(op, _)| op == "USER")
        .map(|(_, u)| *u);
    let uid = user
        .and_then(|u| u.split(':').next())
        .and_then(|u| u.parse::<i64>().ok());
    if uid != Some(UID) {
        problems.push(format!(
            "runtime stage USER is {user:?}, want numeric {UID}"
        ));
    }
    if !runtime
        .iter()
        .any(|(op, rest)| op == "ENTRYPOINT" && *rest == r#"["/usr/local/bin/warroom"]"#)
    {
        problems.push("ENTRYPOINT is not [\"/usr/local/bin/warroom\"]".to_owned());
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// Tests over the real manifests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_rendering_holds_only_expected_objects_that_parse() {
    for dir in [BASE, NAMESPACED, IMPERSONATION] {
        let rendering = render(dir);
        assert_eq!(
            unexpected_kinds(&rendering.docs),
            Vec::<String>::new(),
            "{dir}"
        );
        // Parsing every kind into its k8s-openapi type panics on a malformed object.
        rendering.one::<Namespace>();
        rendering.one::<ServiceAccount>();
        rendering.one::<Deployment>();
        rendering.one::<Service>();
        rendering.one::<ConfigMap>();
        rendering.all::<ClusterRole>();
        rendering.all::<ClusterRoleBinding>();
        rendering.all::<Role>();
        rendering.all::<RoleBinding>();
    }
}

#[test]
fn no_rule_anywhere_has_a_wildcard_or_a_forbidden_resource() {
    for dir in [BASE, NAMESPACED, IMPERSONATION] {
        let rendering = render(dir);
        let rules = rendering
            .all::<ClusterRole>()
            .into_iter()
            .flat_map(|r| r.rules.unwrap_or_default())
            .chain(
                rendering
                    .all::<Role>()
                    .into_iter()
                    .flat_map(|r| r.rules.unwrap_or_default()),
            );
        for rule in rules {
            assert_eq!(
                wildcard_problems(std::slice::from_ref(&rule)),
                Vec::<String>::new(),
                "{dir}"
            );
            for resource in rule.resources.iter().flatten() {
                assert!(
                    !FORBIDDEN.contains(&resource.as_str()),
                    "{dir} grants {resource}"
                );
            }
        }
    }
}

#[test]
fn base_cluster_role_reads_exactly_what_the_cluster_layer_reads() {
    let rendering = render(BASE);
    let role = rendering.one::<ClusterRole>();
    assert_eq!(role.metadata.name.as_deref(), Some(READER));
    assert_eq!(
        reader_problems(READS, &role.rules.unwrap_or_default()),
        Vec::<String>::new()
    );
}

#[test]
fn base_binds_the_reader_role_to_warroom_service_account() {
    let rendering = render(BASE);
    let binding = rendering.one::<ClusterRoleBinding>();
    assert_eq!(binding.role_ref.kind, "ClusterRole");
    assert_eq!(binding.role_ref.name, READER);
    assert!(
        is_warroom_sa(binding.subjects.as_ref()),
        "{:?}",
        binding.subjects
    );
    let sa = rendering.one::<ServiceAccount>();
    assert_eq!(sa.metadata.namespace.as_deref(), Some(NAMESPACE));
    assert_eq!(sa.automount_service_account_token, Some(true));
}

#[test]
fn namespaced_overlay_reads_per_namespace_only() {
    let rendering = render(NAMESPACED);
    assert!(
        rendering.all::<ClusterRole>().is_empty(),
        "a ClusterRole is left"
    );
    assert!(
        rendering.all::<ClusterRoleBinding>().is_empty(),
        "a ClusterRoleBinding is left"
    );
    let roles = rendering.all::<Role>();
    let namespaces: BTreeSet<_> = roles
        .iter()
        .filter_map(|r| r.metadata.namespace.clone())
        .collect();
    assert_eq!(
        namespaces,
        BTreeSet::from(["cache".to_owned(), "production".to_owned()])
    );
    for role in &roles {
        let rules = role.rules.clone().unwrap_or_default();
        assert_eq!(
            reader_problems(&namespaced_reads(), &rules),
            Vec::<String>::new(),
            "{:?}",
            role.metadata.namespace
        );
    }
    let bindings = rendering.all::<RoleBinding>();
    assert_eq!(bindings.len(), roles.len(), "one RoleBinding per Role");
    for binding in bindings {
        assert_eq!(binding.role_ref.kind, "Role");
        assert!(
            roles.iter().any(|r| r.metadata.name.as_deref()
                == Some(binding.role_ref.name.as_str())
                && r.metadata.namespace == binding.metadata.namespace),
            "{:?} binds a Role that is not in its namespace",
            binding.metadata.name
        );
        assert!(
            is_warroom_sa(binding.subjects.as_ref()),
            "{:?}",
            binding.subjects
        );
    }
}

#[test]
fn cluster_scoped_reads_are_listed_in_reads() {
    for (group, resource) in CLUSTER_SCOPED {
        assert!(
            READS
                .iter()
                .any(|r| r.group == *group && r.resource == *resource),
            "{} is no longer read: drop it from CLUSTER_SCOPED",
            describe(group, resource)
        );
    }
}

#[test]
fn impersonation_overlay_impersonates_only_the_policy_groups() {
    let rendering = render(IMPERSONATION);
    let roles = rendering.all::<ClusterRole>();
    let impersonator = roles
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some(IMPERSONATOR))
        .expect("the impersonation ClusterRole");
    let rules = impersonator.rules.clone().unwrap_or_default();
    assert_eq!(impersonation_problems(&rules), Vec::<String>::new());
    for role in roles
        .iter()
        .filter(|r| r.metadata.name.as_deref() != Some(IMPERSONATOR))
    {
        assert_eq!(
            reader_problems(READS, role.rules.as_deref().unwrap_or_default()),
            Vec::<String>::new()
        );
    }

    let groups = impersonated_groups(&rules);
    let config = rendering.one::<ConfigMap>();
    let toml_text = config
        .data
        .as_ref()
        .and_then(|d| d.get("warroom.toml"))
        .expect("warroom.toml");
    let wanted = policy_groups(toml_text);
    assert!(
        !wanted.is_empty(),
        "the example policy impersonates a group"
    );
    assert!(
        wanted.is_subset(&groups),
        "policy groups {wanted:?} not all in resourceNames {groups:?}"
    );

    let bindings = rendering.all::<ClusterRoleBinding>();
    let binding = bindings
        .iter()
        .find(|b| b.role_ref.name == IMPERSONATOR)
        .expect("a binding of the impersonation role");
    assert!(
        is_warroom_sa(binding.subjects.as_ref()),
        "{:?}",
        binding.subjects
    );

    // The example grants to impersonated groups reuse the read-only role.
    let role_bindings = rendering.all::<RoleBinding>();
    let group_grants = bindings
        .iter()
        .map(|b| (&b.role_ref, b.subjects.as_ref()))
        .chain(
            role_bindings
                .iter()
                .map(|b| (&b.role_ref, b.subjects.as_ref())),
        );
    for (role_ref, subjects) in group_grants {
        for subject in subjects.into_iter().flatten().filter(|s| s.kind == "Group") {
            assert!(
                groups.contains(&subject.name),
                "{} is bound but not impersonable",
                subject.name
            );
            assert_eq!(
                (role_ref.kind.as_str(), role_ref.name.as_str()),
                ("ClusterRole", READER)
            );
        }
    }
}

#[test]
fn deployment_is_hardened_and_takes_secrets_from_the_secret() {
    for dir in [BASE, NAMESPACED, IMPERSONATION] {
        let rendering = render(dir);
        let deployment = rendering.one::<Deployment>();
        assert_eq!(
            deployment_problems(&deployment),
            Vec::<String>::new(),
            "{dir}"
        );
        assert_eq!(
            service_problems(&rendering.one::<Service>(), &deployment),
            Vec::<String>::new(),
            "{dir}"
        );
    }
}

#[test]
fn config_map_carries_the_example_config_mounted_where_the_args_point() {
    let rendering = render(BASE);
    let config = rendering.one::<ConfigMap>();
    let file = std::fs::read_to_string(root().join("deploy/config/warroom.toml")).unwrap();
    let data = config.data.expect("ConfigMap data");
    assert_eq!(data.get("warroom.toml"), Some(&file));
    let deployment = rendering.one::<Deployment>();
    let pod = pod_spec(&deployment).unwrap();
    let volume = pod
        .volumes
        .iter()
        .flatten()
        .find_map(|v| v.config_map.as_ref())
        .unwrap();
    assert_eq!(
        Some(&volume.name),
        config.metadata.name.as_ref(),
        "the Deployment mounts the generated ConfigMap"
    );

    let parsed: toml::Table = file.parse().unwrap();
    let database = parsed["database_url"].as_str().unwrap();
    let path = database
        .strip_prefix("sqlite://")
        .expect("SQLite by default");
    assert!(
        path.starts_with(&format!("{DATA_DIR}/")),
        "{path} is not on the writable emptyDir"
    );
}

#[test]
fn image_runs_warroom_as_non_root() {
    let dockerfile = std::fs::read_to_string(root().join("deploy/Dockerfile")).unwrap();
    assert_eq!(dockerfile_problems(&dockerfile), Vec::<String>::new());
}

#[test]
fn raw_rendering_matches_kubectl() {
    for dir in [BASE, NAMESPACED, IMPERSONATION] {
        let path = root().join(dir);
        let out = match Command::new("kubectl").arg("kustomize").arg(&path).output() {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                println!("skipped: kubectl not found");
                return;
            }
            other => other.unwrap(),
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ids = |docs: Vec<Value>| -> BTreeSet<String> {
            docs.iter()
                .map(|d| {
                    let name = d["metadata"]["name"].as_str().unwrap_or_default();
                    let name = if d["kind"] == "ConfigMap" {
                        CONFIG_MAP
                    } else {
                        name
                    };
                    format!("{} {} {}", d["kind"], d["metadata"]["namespace"], name)
                })
                .collect()
        };
        let kubectl = ids(parse_yaml(&String::from_utf8(out.stdout).unwrap()).unwrap());
        let raw = ids(render_raw(&path).unwrap());
        assert_eq!(raw, kubectl, "{dir}");
    }
}

/// One command of each family, as a user types it.
/// Button ids of the command families that have no typed form.
const BUTTON_ONLY_FAMILIES: &[&str] = &["ack:8c3f2b1a9d4e5f60"];

const ONE_OF_EACH_FAMILY: &[&str] = &[
    "/incident open title:x severity:sev2 services:web",
    "/status update state:investigating",
    "/note text:looking",
    "/action add owner:@u due:2026-12-01 text:fix",
    "/evidence add entry:1 finding:1",
    "/timeline",
    "/postmortem",
    "/triage service:web namespace:NS",
    "/logs pod:web-1 namespace:NS",
    "/watch service:web namespace:NS",
    "/watch stop",
    "/help",
];

/// The warroom.toml a rendering ships, loaded as `warroom serve` loads it.
fn shipped_config(rendering: &Rendering) -> warroom::config::FileConfig {
    let config = rendering.one::<ConfigMap>();
    let text = config
        .data
        .as_ref()
        .and_then(|d| d.get("warroom.toml"))
        .unwrap_or_else(|| panic!("{}: no warroom.toml in the ConfigMap", rendering.dir));
    warroom::config::FileConfig::parse(text)
        .unwrap_or_else(|e| panic!("{}: warroom.toml does not load: {e}", rendering.dir))
}

#[test]
fn both_renderings_let_the_configured_roles_run_every_family() {
    use warroom::access::{CLUSTER_FAMILIES, INCIDENT_FAMILIES, Policy};
    use warroom::invocation::Actor;

    for (dir, impersonating) in [(BASE, false), (IMPERSONATION, true)] {
        let rendering = render(dir);
        let config = shipped_config(&rendering);
        let policy = Policy::from_config(&config.policy)
            .unwrap_or_else(|e| panic!("{dir}: the policy does not load: {e}"));
        let cluster = config.clusters.first().expect("a cluster").name.clone();
        let impersonable: BTreeSet<String> = rendering
            .all::<ClusterRole>()
            .iter()
            .filter(|r| r.metadata.name.as_deref() == Some(IMPERSONATOR))
            .flat_map(|r| impersonated_groups(r.rules.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(
            !impersonable.is_empty(),
            impersonating,
            "{dir}: impersonation RBAC only in the overlay"
        );
        assert!(!config.policy.rules.is_empty(), "{dir}: no policy rule");
        for (index, rule) in config.policy.rules.iter().enumerate() {
            let role = rule.roles.first().expect("the shipped rules name a role");
            let actor = Actor {
                id: "100".into(),
                name: "oncall".into(),
                roles: vec![role.clone()],
            };
            let namespace = rule
                .namespaces
                .iter()
                .find(|n| !n.contains(['*', '?']))
                .map_or("production", String::as_str);
            let mut families = BTreeSet::new();
            for line in ONE_OF_EACH_FAMILY {
                let line = line.replace("NS", namespace);
                let command =
                    warroom::command::parse_line(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
                families.insert(command.family());
                let ns = command.touches_cluster().then_some(namespace);
                let grant = policy
                    .authorize(&actor, false, &command, &cluster, ns)
                    .unwrap_or_else(|e| panic!("{dir}: rule {}: {line}: {e:?}", index + 1));
                if command.touches_cluster() {
                    assert_eq!(
                        grant.identity.impersonates(),
                        impersonating,
                        "{dir}: {line} as {:?}",
                        grant.identity
                    );
                    for group in &grant.identity.groups {
                        assert!(
                            impersonable.contains(group),
                            "{dir}: {group} not impersonable"
                        );
                    }
                }
            }
            // The alert card's Acknowledge is a button only, with no typed form.
            for id in BUTTON_ONLY_FAMILIES {
                let command =
                    warroom::command::parse_button(id).unwrap_or_else(|e| panic!("{id}: {e}"));
                families.insert(command.family());
                policy
                    .authorize(&actor, false, &command, &cluster, None)
                    .unwrap_or_else(|e| panic!("{dir}: rule {}: {id}: {e:?}", index + 1));
            }
            for family in INCIDENT_FAMILIES.iter().chain(CLUSTER_FAMILIES) {
                assert!(families.contains(family), "{family} not tried");
            }
        }
        assert_eq!(
            policy.impersonations(&cluster).is_empty(),
            !impersonating,
            "{dir}: impersonation is configured only in the overlay"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The checks reject manifests that break the rules
// ---------------------------------------------------------------------------------------------

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str], names: &[&str]) -> PolicyRule {
    let owned = |v: &[&str]| Some(v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
    PolicyRule {
        api_groups: owned(groups),
        resources: owned(resources),
        verbs: verbs.iter().map(|s| (*s).to_owned()).collect(),
        resource_names: if names.is_empty() { None } else { owned(names) },
        non_resource_urls: None,
    }
}

fn base_reader_rules() -> Vec<PolicyRule> {
    render(BASE).one::<ClusterRole>().rules.unwrap_or_default()
}

#[test]
fn reader_check_rejects_writes_wildcards_and_forbidden_resources() {
    let tampered: Vec<(&str, PolicyRule)> = vec![
        ("write verb", rule(&[""], &["pods"], &["delete"], &[])),
        ("wildcard verb", rule(&[""], &["pods"], &["*"], &[])),
        ("wildcard resource", rule(&["apps"], &["*"], &["get"], &[])),
        ("wildcard group", rule(&["*"], &["pods"], &["get"], &[])),
        ("secrets", rule(&[""], &["secrets"], &["get"], &[])),
        ("configmaps", rule(&[""], &["configmaps"], &["list"], &[])),
        ("exec", rule(&[""], &["pods/exec"], &["get"], &[])),
        ("attach", rule(&[""], &["pods/attach"], &["get"], &[])),
        (
            "port-forward",
            rule(&[""], &["pods/portforward"], &["get"], &[]),
        ),
        ("node proxy", rule(&[""], &["nodes/proxy"], &["get"], &[])),
        (
            "token",
            rule(&[""], &["serviceaccounts/token"], &["get"], &[]),
        ),
        (
            "unread resource",
            rule(&["rbac.authorization.k8s.io"], &["roles"], &["get"], &[]),
        ),
    ];
    assert_eq!(
        reader_problems(READS, &base_reader_rules()),
        Vec::<String>::new()
    );
    for (what, extra) in tampered {
        let mut rules = base_reader_rules();
        rules.push(extra);
        assert!(
            !reader_problems(READS, &rules).is_empty(),
            "{what} was accepted"
        );
    }
    let mut urls = base_reader_rules();
    urls[0].non_resource_urls = Some(vec!["/metrics".to_owned()]);
    assert!(
        !reader_problems(READS, &urls).is_empty(),
        "non-resource URLs were accepted"
    );
}

#[test]
fn reader_check_reports_each_read_the_rules_do_not_grant() {
    let without_logs: Vec<_> = base_reader_rules()
        .into_iter()
        .filter(|r| !r.resources.iter().flatten().any(|x| x == "pods/log"))
        .collect();
    assert_eq!(missing_reads(READS, &without_logs), vec!["get pods/log"]);

    let mut no_watch = base_reader_rules();
    for r in &mut no_watch {
        r.verbs.retain(|v| v != "watch");
    }
    assert!(missing_reads(READS, &no_watch).contains(&"watch jobs.batch".to_owned()));

    let mut named = base_reader_rules();
    for r in &mut named {
        r.resource_names = Some(vec!["web-1".to_owned()]);
    }
    assert_eq!(
        missing_reads(READS, &named).len(),
        READS
            .iter()
            .map(needed_verbs)
            .map(<[_]>::len)
            .sum::<usize>()
    );
}

#[test]
fn impersonation_check_rejects_more_than_named_groups() {
    let good = vec![
        rule(&[""], &["groups"], &["impersonate"], &["warroom:sre"]),
        rule(&[""], &["users"], &["impersonate"], &["warroom:bot"]),
    ];
    assert_eq!(impersonation_problems(&good), Vec::<String>::new());
    let tampered: Vec<(&str, Vec<PolicyRule>)> = vec![
        (
            "no resourceNames",
            vec![rule(&[""], &["groups"], &["impersonate"], &[])],
        ),
        (
            "wildcard name",
            vec![rule(&[""], &["groups"], &["impersonate"], &["*"])],
        ),
        (
            "extra verb",
            vec![rule(
                &[""],
                &["groups"],
                &["impersonate", "get"],
                &["warroom:sre"],
            )],
        ),
        (
            "service accounts",
            vec![rule(
                &[""],
                &["groups", "serviceaccounts"],
                &["impersonate"],
                &["warroom:sre"],
            )],
        ),
        (
            "users without groups",
            vec![rule(&[""], &["users"], &["impersonate"], &["warroom:bot"])],
        ),
        (
            "users unrestricted",
            vec![
                good[0].clone(),
                rule(&[""], &["users"], &["impersonate"], &[]),
            ],
        ),
        (
            "other group",
            vec![rule(
                &["authentication.k8s.io"],
                &["groups"],
                &["impersonate"],
                &["warroom:sre"],
            )],
        ),
    ];
    for (what, rules) in tampered {
        assert!(
            !impersonation_problems(&rules).is_empty(),
            "{what} was accepted"
        );
    }
}

#[test]
fn deployment_check_rejects_each_broken_rule() {
    type Tamper = fn(&mut Container, &mut PodSpec);
    let tampered: Vec<(&str, Tamper)> = vec![
        ("root user", |c, p| {
            c.security_context.as_mut().unwrap().run_as_user = Some(0);
            p.security_context.as_mut().unwrap().run_as_user = Some(0);
        }),
        ("runAsNonRoot false", |c, _| {
            c.security_context.as_mut().unwrap().run_as_non_root = Some(false)
        }),
        ("writable root", |c, _| {
            c.security_context
                .as_mut()
                .unwrap()
                .read_only_root_filesystem = None
        }),
        ("escalation", |c, _| {
            c.security_context
                .as_mut()
                .unwrap()
                .allow_privilege_escalation = Some(true)
        }),
        ("caps kept", |c, _| {
            c.security_context.as_mut().unwrap().capabilities = None
        }),
        ("caps added", |c, _| {
            let caps = c
                .security_context
                .as_mut()
                .unwrap()
                .capabilities
                .as_mut()
                .unwrap();
            caps.add = Some(vec!["NET_ADMIN".to_owned()]);
        }),
        ("unconfined", |c, p| {
            c.security_context
                .as_mut()
                .unwrap()
                .seccomp_profile
                .as_mut()
                .unwrap()
                .type_ = "Unconfined".to_owned();
            p.security_context.as_mut().unwrap().seccomp_profile = None;
        }),
        ("host network", |_, p| p.host_network = Some(true)),
        ("no token", |_, p| {
            p.automount_service_account_token = Some(false)
        }),
        ("other args", |c, _| c.args = Some(vec!["serve".to_owned()])),
        ("no limits", |c, _| {
            c.resources.as_mut().unwrap().limits = None
        }),
        ("no startup probe", |c, _| c.startup_probe = None),
        ("short startup", |c, _| {
            c.startup_probe.as_mut().unwrap().failure_threshold = Some(3)
        }),
        ("liveness path", |c, _| {
            c.liveness_probe
                .as_mut()
                .unwrap()
                .http_get
                .as_mut()
                .unwrap()
                .path = Some("/".to_owned())
        }),
        ("liveness port", |c, _| {
            c.liveness_probe
                .as_mut()
                .unwrap()
                .http_get
                .as_mut()
                .unwrap()
                .port = IntOrString::Int(9090)
        }),
        ("readiness on healthz", |c, _| {
            c.readiness_probe
                .as_mut()
                .unwrap()
                .http_get
                .as_mut()
                .unwrap()
                .path = Some("/healthz".to_owned())
        }),
        ("no readiness", |c, _| c.readiness_probe = None),
        ("literal token", |c, _| {
            let var = c
                .env
                .as_mut()
                .unwrap()
                .iter_mut()
                .find(|v| v.name == "DISCORD_TOKEN")
                .unwrap();
            var.value = Some("abc".to_owned());
            var.value_from = None;
        }),
        ("literal beside secret", |c, _| {
            let var = c
                .env
                .as_mut()
                .unwrap()
                .iter_mut()
                .find(|v| v.name == "DISCORD_PUBLIC_KEY")
                .unwrap();
            var.value = Some("abc".to_owned());
        }),
        ("other secret", |c, _| {
            let var = c
                .env
                .as_mut()
                .unwrap()
                .iter_mut()
                .find(|v| v.name == "DISCORD_APPLICATION_ID")
                .unwrap();
            var.value_from
                .as_mut()
                .unwrap()
                .secret_key_ref
                .as_mut()
                .unwrap()
                .name = "other".to_owned();
        }),
        ("optional token", |c, _| {
            let var = c
                .env
                .as_mut()
                .unwrap()
                .iter_mut()
                .find(|v| v.name == "DISCORD_TOKEN")
                .unwrap();
            var.value_from
                .as_mut()
                .unwrap()
                .secret_key_ref
                .as_mut()
                .unwrap()
                .optional = Some(true);
        }),
        ("no database url", |c, _| {
            c.env
                .as_mut()
                .unwrap()
                .retain(|v| v.name != "WARROOM_DATABASE_URL")
        }),
        ("data not emptyDir", |_, p| {
            let data = p
                .volumes
                .as_mut()
                .unwrap()
                .iter_mut()
                .find(|v| v.empty_dir.is_some())
                .unwrap();
            data.empty_dir = None;
            data.host_path = Some(Default::default());
        }),
    ];
    let deployment = render(BASE).one::<Deployment>();
    assert_eq!(deployment_problems(&deployment), Vec::<String>::new());
    for (what, tamper) in tampered {
        let mut broken = deployment.clone();
        let pod = broken.spec.template.spec.as_mut().unwrap();
        let mut container = pod.containers.remove(0);
        tamper(&mut container, pod);
        pod.containers.insert(0, container);
        assert!(
            !deployment_problems(&broken).is_empty(),
            "{what} was accepted"
        );
    }
}

#[test]
fn service_check_rejects_a_wrong_port_or_selector() {
    let rendering = render(BASE);
    let deployment = rendering.one::<Deployment>();
    let service = rendering.one::<Service>();
    let mut wrong_target = service.clone();
    wrong_target.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].target_port =
        Some(IntOrString::Int(9090));
    assert!(!service_problems(&wrong_target, &deployment).is_empty());
    let mut wrong_selector = service.clone();
    wrong_selector.spec.as_mut().unwrap().selector =
        Some([("app".to_owned(), "other".to_owned())].into());
    assert!(!service_problems(&wrong_selector, &deployment).is_empty());
    let mut exposed = service;
    exposed.spec.as_mut().unwrap().type_ = Some("LoadBalancer".to_owned());
    assert!(!service_problems(&exposed, &deployment).is_empty());
}

#[test]
fn dockerfile_check_rejects_a_root_or_missing_runtime_user() {
    let dockerfile = std::fs::read_to_string(root().join("deploy/Dockerfile")).unwrap();
    let as_root = format!("{dockerfile}\nUSER root\n");
    assert!(!dockerfile_problems(&as_root).is_empty());
    let as_zero = format!("{dockerfile}\nUSER 0:0\n");
    assert!(!dockerfile_problems(&as_zero).is_empty());
    let without_user: String = dockerfile
        .lines()
        .filter(|l| !l.trim_start().to_ascii_uppercase().starts_with("USER"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!dockerfile_problems(&without_user).is_empty());
    let user_only_in_build = concat!(
        "FROM rust:1-bookworm AS build\n",
        "USER 65532\n",
        "RUN cargo build --release --locked\n",
        "FROM debian:bookworm-slim\n",
        "ENTRYPOINT [\"/usr/local/bin/warroom\"]\n",
    );
    assert!(!dockerfile_problems(user_only_in_build).is_empty());
}

#[test]
fn raw_renderer_refuses_what_it_cannot_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        "resources: [a.yaml]\nnamePrefix: x-\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
    )
    .unwrap();
    assert!(
        render_raw(dir.path()).is_err(),
        "namePrefix was silently ignored"
    );
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        "resources: [a.yaml]\npatches: [{path: p.yaml}]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {x: y}}\n",
    )
    .unwrap();
    assert!(
        render_raw(dir.path()).is_err(),
        "a merge patch was silently ignored"
    );
}
