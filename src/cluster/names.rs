//! Validation of the Kubernetes names a user types, done before any request is sent.

use super::error::ClusterError;

/// What a DNS-1123 label allows, as told to the user.
const LABEL_RULE: &str = "use 1 to 63 characters: lowercase letters a-z, digits 0-9 and '-', \
     starting and ending with a letter or digit (e.g. payment-service)";

/// What a DNS-1123 subdomain allows, as told to the user.
const SUBDOMAIN_RULE: &str = "use 1 to 253 characters: lowercase letters a-z, digits 0-9, '-' \
     and '.', each dot-separated part starting and ending with a letter or digit \
     (e.g. payment-service-7d9c8b6f5d-22mfr)";

/// Longest value echoed back in an error, so a pasted blob does not flood the reply.
const ECHO_MAX: usize = 64;

/// A namespace name (DNS-1123 label).
pub fn validate_namespace(value: &str) -> Result<(), ClusterError> {
    check_label("namespace", value)
}

/// A workload name: a Service, Deployment or StatefulSet name that is also used as the value of
/// the `app` label, so a DNS-1123 label.
pub fn validate_workload_name(value: &str) -> Result<(), ClusterError> {
    check_label("workload name", value)
}

/// A container name (DNS-1123 label).
pub fn validate_container_name(value: &str) -> Result<(), ClusterError> {
    check_label("container name", value)
}

/// The name of an object such as a pod, node or PersistentVolume (DNS-1123 subdomain).
pub fn validate_object_name(what: &'static str, value: &str) -> Result<(), ClusterError> {
    if is_subdomain(value) {
        Ok(())
    } else {
        Err(invalid(what, value, SUBDOMAIN_RULE))
    }
}

fn check_label(what: &'static str, value: &str) -> Result<(), ClusterError> {
    if is_label(value) {
        Ok(())
    } else {
        Err(invalid(what, value, LABEL_RULE))
    }
}

/// Whether `value` is a DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 bytes.
pub fn is_label(value: &str) -> bool {
    let bytes = value.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            bytes.len() <= 63
                && alnum(first)
                && alnum(last)
                && bytes.iter().all(|b| alnum(b) || *b == b'-')
        }
        _ => false,
    }
}

/// Whether `value` is a DNS-1123 subdomain: dot-separated labels, at most 253 bytes.
pub fn is_subdomain(value: &str) -> bool {
    value.len() <= 253 && value.split('.').all(is_label)
}

fn invalid(what: &'static str, value: &str, rule: &'static str) -> ClusterError {
    let mut shown: String = value.chars().take(ECHO_MAX).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    ClusterError::InvalidName {
        what,
        value: shown,
        rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_usual_names() {
        assert!(validate_workload_name("payment-service").is_ok());
        assert!(validate_namespace("production").is_ok());
        assert!(validate_object_name("pod", "payment-service-7d9c8b6f5d-22mfr").is_ok());
        assert!(validate_object_name("node", "ip-10-0-1-7.eu-west-1.compute.internal").is_ok());
        assert!(validate_workload_name(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn refuses_and_says_what_is_allowed() {
        let err = validate_workload_name("Payment_Service").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("\"Payment_Service\""), "{text}");
        assert!(text.contains("lowercase letters"), "{text}");
        assert!(text.contains("63"), "{text}");
    }

    #[test]
    fn refuses_edges() {
        for bad in ["", "-a", "a-", "a.b", "a b", "ä", &"a".repeat(64)] {
            assert!(!is_label(bad), "{bad:?} accepted");
        }
        for bad in ["", ".a", "a..b", "a.", "A.b", &"a.".repeat(127)] {
            assert!(!is_subdomain(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn long_values_are_cut_in_the_message() {
        let long = "x".repeat(300);
        let text = validate_workload_name(&long).unwrap_err().to_string();
        assert!(text.len() < 400, "{text}");
        assert!(text.contains('…'));
    }
}
