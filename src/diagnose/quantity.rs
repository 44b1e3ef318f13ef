//! Kubernetes memory and storage quantities ("2Gi", "512M", "1.5Gi") to bytes and back.

const BINARY: [(&str, u64); 6] = [
    ("Ei", 1 << 60),
    ("Pi", 1 << 50),
    ("Ti", 1 << 40),
    ("Gi", 1 << 30),
    ("Mi", 1 << 20),
    ("Ki", 1 << 10),
];

const DECIMAL: [(&str, u64); 6] = [
    ("E", 1_000_000_000_000_000_000),
    ("P", 1_000_000_000_000_000),
    ("T", 1_000_000_000_000),
    ("G", 1_000_000_000),
    ("M", 1_000_000),
    ("k", 1_000),
];

/// Bytes of a quantity, or `None` when it is not a byte quantity we understand.
pub fn bytes(q: &str) -> Option<u64> {
    let q = q.trim();
    let (number, factor) = BINARY
        .iter()
        .chain(DECIMAL.iter())
        .find_map(|(suffix, f)| q.strip_suffix(suffix).map(|n| (n, *f as f64)))
        .unwrap_or((q, 1.0));
    let value: f64 = number.parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    Some((value * factor).round() as u64)
}

/// Bytes in the largest binary unit that reads well: "4Gi", "1.5Gi", "512Mi".
pub fn format_bytes(b: u64) -> String {
    for (suffix, f) in BINARY {
        if b >= f {
            let v = b as f64 / f as f64;
            return if (v - v.round()).abs() < 0.05 {
                format!("{:.0}{suffix}", v.round())
            } else {
                format!("{v:.1}{suffix}")
            };
        }
    }
    format!("{b}")
}

/// Twice a quantity, written like the original when possible ("2Gi" -> "4Gi", "50Gi" -> "100Gi").
pub fn doubled(q: &str) -> Option<String> {
    bytes(q).map(|b| format_bytes(b.saturating_mul(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_binary_decimal_and_plain_quantities() {
        assert_eq!(bytes("2Gi"), Some(2 << 30));
        assert_eq!(bytes("512Mi"), Some(512 << 20));
        assert_eq!(bytes("8010948Ki"), Some(8_010_948 << 10));
        assert_eq!(bytes("1.5Gi"), Some(3 << 29));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("1024"), Some(1024));
        assert_eq!(bytes("lots"), None);
    }

    #[test]
    fn doubles_limits_for_suggestions() {
        assert_eq!(doubled("2Gi").as_deref(), Some("4Gi"));
        assert_eq!(doubled("50Gi").as_deref(), Some("100Gi"));
        assert_eq!(doubled("768Mi").as_deref(), Some("1.5Gi"));
        assert_eq!(format_bytes(6144 << 20), "6Gi");
    }
}
