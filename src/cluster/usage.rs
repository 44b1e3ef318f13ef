//! metrics.k8s.io objects to `Usage`: pod usage summed over containers, node usage, and the
//! Kubernetes quantity strings they carry (`250m`, `1536Mi`, `1500000n`).

use kube::api::DynamicObject;
use serde_json::Value;

use super::snapshot::Usage;

/// A `PodMetrics` object as `namespace/name` usage; `None` if it carries no readable usage.
pub fn pod_usage(obj: &DynamicObject) -> Option<Usage> {
    let name = format!(
        "{}/{}",
        obj.metadata.namespace.as_deref()?,
        obj.metadata.name.as_deref()?
    );
    let containers = obj.data.get("containers")?.as_array()?;
    let mut cpu_millis = 0;
    let mut memory_bytes = 0;
    for c in containers {
        let (cpu, memory) = usage_of(c.get("usage")?)?;
        cpu_millis += cpu;
        memory_bytes += memory;
    }
    Some(Usage {
        name,
        cpu_millis,
        memory_bytes,
    })
}

/// A `NodeMetrics` object as node usage; `None` if it carries no readable usage.
pub fn node_usage(obj: &DynamicObject) -> Option<Usage> {
    let (cpu_millis, memory_bytes) = usage_of(obj.data.get("usage")?)?;
    Some(Usage {
        name: obj.metadata.name.clone()?,
        cpu_millis,
        memory_bytes,
    })
}

fn usage_of(usage: &Value) -> Option<(u64, u64)> {
    let cpu = cpu_millis(usage.get("cpu")?.as_str()?)?;
    let memory = bytes(usage.get("memory")?.as_str()?)?;
    Some((cpu, memory))
}

/// CPU quantity in millicores: `250m` → 250, `2` → 2000, `1500000n` → 2 (rounded).
pub fn cpu_millis(quantity: &str) -> Option<u64> {
    let (number, suffix) = split(quantity)?;
    let scale = match suffix {
        "n" => 1e-6,
        "u" => 1e-3,
        "m" => 1.0,
        "" => 1e3,
        _ => return None,
    };
    to_u64(number * scale)
}

/// Memory quantity in bytes: `1536Mi`, `2G`, `129e6`, `123456`.
pub fn bytes(quantity: &str) -> Option<u64> {
    let (number, suffix) = split(quantity)?;
    let scale = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => return None,
    };
    to_u64(number * scale)
}

/// `"1536Mi"` → `(1536.0, "Mi")`; a decimal exponent (`129e6`) is part of the number.
fn split(quantity: &str) -> Option<(f64, &str)> {
    let quantity = quantity.trim();
    let end = quantity
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || c == '+'
                || c == '-'
                || ((c == 'e' || c == 'E')
                    && quantity[i + 1..]
                        .starts_with(|n: char| n.is_ascii_digit() || n == '-' || n == '+')))
        })
        .map_or(quantity.len(), |(i, _)| i);
    let number: f64 = quantity[..end].parse().ok()?;
    Some((number, &quantity[end..]))
}

fn to_u64(value: f64) -> Option<u64> {
    (value.is_finite() && value >= 0.0).then(|| value.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quantities() {
        assert_eq!(cpu_millis("250m"), Some(250));
        assert_eq!(cpu_millis("2"), Some(2000));
        assert_eq!(cpu_millis("0.5"), Some(500));
        assert_eq!(cpu_millis("3800123456n"), Some(3800));
        assert_eq!(cpu_millis("12u"), Some(0));
        assert_eq!(bytes("6144Mi"), Some(6144 * 1024 * 1024));
        assert_eq!(bytes("2Gi"), Some(2 * 1024 * 1024 * 1024));
        assert_eq!(bytes("129e6"), Some(129_000_000));
        assert_eq!(bytes("1000k"), Some(1_000_000));
        assert_eq!(bytes("123456"), Some(123_456));
        assert_eq!(bytes("12Xi"), None);
        assert_eq!(bytes("-1"), None);
        assert_eq!(cpu_millis(""), None);
    }

    #[test]
    fn metrics_objects() {
        let pod: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
            "metadata": {"name": "payment-1", "namespace": "production"},
            "containers": [
                {"name": "payment", "usage": {"cpu": "250m", "memory": "1900Mi"}},
                {"name": "sidecar", "usage": {"cpu": "5m", "memory": "20Mi"}}
            ]
        }))
        .unwrap();
        assert_eq!(
            pod_usage(&pod),
            Some(Usage {
                name: "production/payment-1".into(),
                cpu_millis: 255,
                memory_bytes: 1920 * 1024 * 1024
            })
        );
        let node: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics",
            "metadata": {"name": "node-5"},
            "usage": {"cpu": "3800m", "memory": "6144Mi"}
        }))
        .unwrap();
        assert_eq!(node_usage(&node).map(|u| u.cpu_millis), Some(3800));
    }
}
