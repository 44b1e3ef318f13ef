//! Finds the in-cluster Services a workload depends on, named in its logs
//! (`UnknownHostException: redis.cache`, `redis.cache.svc.cluster.local`) or in its containers'
//! environment values (`postgres://pg.db:5432/app`, `redis.cache:6379`).

use regex::Regex;

use crate::builtin_regex::{BuiltinRegex, compile_all};

/// A Service named by DNS: `NAME.NAMESPACE[.svc[.cluster.local]]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceRef {
    pub namespace: String,
    pub name: String,
}

/// Second labels that are top-level domains or file extensions, not namespaces:
/// `example.com`, `Main.java`, `config.yaml`.
const NOT_NAMESPACES: &[&str] = &[
    "com",
    "net",
    "org",
    "io",
    "dev",
    "app",
    "co",
    "ai",
    "cloud",
    "info",
    "biz",
    "local",
    "localhost",
    "internal",
    "lan",
    "home",
    "corp",
    "example",
    "test",
    "invalid",
    "arpa",
    "svc",
    "java",
    "go",
    "py",
    "rs",
    "js",
    "ts",
    "rb",
    "kt",
    "scala",
    "yml",
    "yaml",
    "json",
    "xml",
    "txt",
    "log",
    "conf",
    "properties",
    "sh",
    "html",
    "jar",
    "class",
    "so",
    "exe",
];

/// `name.namespace.svc` anywhere.
static FQDN: BuiltinRegex = BuiltinRegex::new(r"([a-z0-9-]+)\.([a-z0-9-]+)\.svc\b");
/// `name.namespace` right after a host-lookup context (logs).
static LOG_HOST: BuiltinRegex = BuiltinRegex::new(
    r#"(?:UnknownHostException: |lookup |ENOTFOUND |EAI_AGAIN |host name "|resolve host:? |Unknown host:? )([a-z][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)"#,
);
/// `name.namespace` as the host of a URL.
static URL_HOST: BuiltinRegex =
    BuiltinRegex::new(r"://(?:[^@/\s]*@)?([a-z][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)");
/// A whole value that is `name.namespace[:port]`.
static BARE_VALUE: BuiltinRegex =
    BuiltinRegex::new(r"^([a-z][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)(?::[0-9]+)?$");

/// Services named in a log, in order of first mention.
pub fn in_log(text: &str) -> Vec<ServiceRef> {
    let mut found = Vec::new();
    for re in [&LOG_HOST, &URL_HOST] {
        collect_hosts(re, text, &mut found);
    }
    collect_fqdns(&FQDN, text, &mut found);
    found
}

/// Services named in one environment variable value.
pub fn in_env_value(value: &str) -> Vec<ServiceRef> {
    let mut found = Vec::new();
    collect_hosts(&BARE_VALUE, value, &mut found);
    collect_hosts(&URL_HOST, value, &mut found);
    collect_fqdns(&FQDN, value, &mut found);
    found
}

/// Compiles the patterns now, if they are not yet (a triage's spare thread does).
pub fn warm_up() {
    compile_all(&[&FQDN, &LOG_HOST, &URL_HOST, &BARE_VALUE]);
}

/// Matches whose two labels end the host name (not `api.example.com`, not `redis.cache.svc`).
fn collect_hosts(re: &Regex, text: &str, found: &mut Vec<ServiceRef>) {
    for caps in re.captures_iter(text) {
        let (Some(name), Some(ns)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let rest = &text[ns.end()..];
        let mut next = rest.chars();
        let ends_host = match next.next() {
            None => true,
            Some('.') => !next.next().is_some_and(|c| c.is_ascii_alphanumeric()),
            Some(c) => !(c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        };
        if ends_host {
            push(found, name.as_str(), ns.as_str());
        }
    }
}

fn collect_fqdns(re: &Regex, text: &str, found: &mut Vec<ServiceRef>) {
    for caps in re.captures_iter(text) {
        if let (Some(name), Some(ns)) = (caps.get(1), caps.get(2)) {
            push(found, name.as_str(), ns.as_str());
        }
    }
}

/// Adds a reference if it is a valid Service name (DNS-1035 label) in a plausible namespace.
fn push(found: &mut Vec<ServiceRef>, name: &str, namespace: &str) {
    let valid = super::names::is_label(name)
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && super::names::is_label(namespace)
        && namespace.chars().any(|c| c.is_ascii_lowercase())
        && !NOT_NAMESPACES.contains(&namespace);
    let r = ServiceRef {
        namespace: namespace.to_string(),
        name: name.to_string(),
    };
    if valid && !found.contains(&r) {
        found.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(list: &[(&str, &str)]) -> Vec<ServiceRef> {
        list.iter()
            .map(|(name, ns)| ServiceRef {
                namespace: ns.to_string(),
                name: name.to_string(),
            })
            .collect()
    }

    #[test]
    fn seed_logs() {
        let order = "2026-11-26T13:57:48Z ERROR c.e.order.cache.RedisCache : cache init failed\n\
                     java.net.UnknownHostException: redis.cache: Temporary failure in name resolution";
        assert_eq!(in_log(order), refs(&[("redis", "cache")]));
        let payment = "INFO c.e.payment.PaymentApplication : Application started\n\
             WARN c.e.payment.cache.SettlementCache : warm-up (heap used 1.71 GiB)\n\
             at com.example.payment.cache.SettlementCache.warmUp(SettlementCache.java:88)\n\
             Shutdown initiated... (from DATABASE_URL=postgres://payment:pw@pg.db:5432/payments)";
        assert_eq!(in_log(payment), refs(&[("pg", "db")]));
    }

    #[test]
    fn fully_qualified_names_anywhere() {
        let text = "nc: connect to redis.cache.svc.cluster.local port 6379 (tcp) timed out; \
                    also redis-0.redis.cache.svc.cluster.local and kafka.streaming.svc";
        assert_eq!(
            in_log(text),
            refs(&[("redis", "cache"), ("kafka", "streaming")])
        );
    }

    #[test]
    fn ignores_domains_files_and_versions() {
        let text = "GET https://api.example.com/v1 failed; see http://example.com; \
                    main.go:42 panic; Java 17.0.9; lookup config.yaml; at Foo.java:12";
        assert_eq!(in_log(text), vec![]);
    }

    #[test]
    fn env_values() {
        assert_eq!(
            in_env_value("redis.cache:6379"),
            refs(&[("redis", "cache")])
        );
        assert_eq!(in_env_value("redis.cache"), refs(&[("redis", "cache")]));
        assert_eq!(
            in_env_value("postgres://app:secret@pg.db:5432/app?sslmode=disable"),
            refs(&[("pg", "db")])
        );
        assert_eq!(
            in_env_value("http://orders.shop.svc.cluster.local:8080"),
            refs(&[("orders", "shop")])
        );
        assert_eq!(in_env_value("1.5"), vec![]);
        assert_eq!(in_env_value("info.log"), vec![]);
        assert_eq!(in_env_value("Hello.World"), vec![]);
    }
}
