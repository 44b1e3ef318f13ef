//! Drops every object's `metadata.managedFields` from an API server's JSON answer before it is
//! redacted and decoded. They record which client last set each field (server-side apply's
//! bookkeeping): warroom reads none of it, kubectl hides it by default, and it is about a third
//! of the bytes of the seed's answers (the pods' 74 of 198 KB). Decoded, each entry's
//! `fieldsV1` became a tree of `serde_json::Value` maps that was built and freed again: a tenth
//! of a console triage's work on its runtime thread.

use std::borrow::Cow;

use memchr::memmem::Finder;

use crate::evidence::string_end;

/// The key, with its quotes. Inside a JSON string a quote is escaped, so an unescaped
/// `"managedFields"` followed by `:` is always an object's key.
const KEY: &[u8] = b"\"managedFields\"";

/// `body` without the `managedFields` member of any object (with the comma that joined it to
/// its neighbours); borrowed as it came when it holds none. A member whose value is not an
/// array, or that does not end, is kept: decoding then reports the body as it is.
pub fn drop_managed_fields(body: &[u8]) -> Cow<'_, [u8]> {
    let finder = Finder::new(KEY);
    let mut lean: Option<Vec<u8>> = None;
    // `body[..copied]`, less the members dropped, is in `lean`.
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = finder.find(&body[from..]) {
        let key = from + found;
        from = key + KEY.len();
        let Some((start, end)) = member(body, key).filter(|(start, _)| *start >= copied) else {
            continue;
        };
        let lean = lean.get_or_insert_with(|| Vec::with_capacity(body.len()));
        lean.extend_from_slice(&body[copied..start]);
        copied = end;
        from = end;
    }
    match lean {
        Some(mut lean) => {
            lean.extend_from_slice(&body[copied..]);
            Cow::Owned(lean)
        }
        None => Cow::Borrowed(body),
    }
}

/// The bytes to drop for the member whose key starts at `key`: the member and the comma after
/// it, else the comma before it, else (an object's only member) the member alone. `None` when
/// the key does not open a member whose value is an array.
fn member(body: &[u8], key: usize) -> Option<(usize, usize)> {
    let before = body[..key].iter().rposition(|b| !b.is_ascii_whitespace())?;
    if !matches!(body[before], b'{' | b',') {
        return None;
    }
    let colon = skip_space(body, key + KEY.len());
    if body.get(colon) != Some(&b':') {
        return None;
    }
    let value = skip_space(body, colon + 1);
    let end = array_end(body, value)?;
    let next = skip_space(body, end);
    Some(if body.get(next) == Some(&b',') {
        (key, next + 1)
    } else if body[before] == b',' {
        (before, end)
    } else {
        (key, end)
    })
}

fn skip_space(body: &[u8], from: usize) -> usize {
    from + body
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

/// Where the array that opens at `open` ends (one past its `]`), skipping strings; `None` when
/// no array opens there or it does not end.
fn array_end(body: &[u8], open: usize) -> Option<usize> {
    if body.get(open) != Some(&b'[') {
        return None;
    }
    let mut depth = 0usize;
    let mut at = open;
    while let Some(offset) = memchr::memchr3(b'"', b'[', b']', &body[at..]) {
        at += offset;
        match body[at] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => match string_end(body, at) {
                (end, true) => at = end - 1,
                (_, false) => return None,
            },
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What `drop_managed_fields` must leave: the same document without any object's
    /// `managedFields` array.
    fn without_managed_fields(mut value: Value) -> Value {
        fn strip(v: &mut Value) {
            match v {
                Value::Object(map) => {
                    if map.get("managedFields").is_some_and(Value::is_array) {
                        map.remove("managedFields");
                    }
                    map.values_mut().for_each(strip);
                }
                Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut value);
        value
    }

    /// The seed's answers that carry objects, as a real kube-apiserver sent them.
    const SEED_ANSWERS: &[(&str, &str)] = &[
        ("pods", include_str!("../demo/seed/pods.json")),
        ("events", include_str!("../demo/seed/events-core-v1.json")),
        (
            "events.k8s.io",
            include_str!("../demo/seed/events-events.k8s.io-v1.json"),
        ),
        ("nodes", include_str!("../demo/seed/nodes.json")),
        (
            "networkpolicies",
            include_str!("../demo/seed/networkpolicies.json"),
        ),
        (
            "pvcs",
            include_str!("../demo/seed/persistentvolumeclaims.json"),
        ),
        ("pvs", include_str!("../demo/seed/persistentvolumes.json")),
        ("deployments", include_str!("../demo/seed/deployments.json")),
        ("replicasets", include_str!("../demo/seed/replicasets.json")),
        ("services", include_str!("../demo/seed/cache-services.json")),
        (
            "endpoints",
            include_str!("../demo/seed/cache-endpoints.json"),
        ),
        (
            "endpointslices",
            include_str!("../demo/seed/cache-endpointslices.json"),
        ),
        (
            "forbidden",
            include_str!("../demo/seed/error-403-forbidden-nodes.json"),
        ),
    ];

    fn lean(body: &str) -> String {
        String::from_utf8(drop_managed_fields(body.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn the_member_goes_with_one_comma_wherever_it_stands() {
        let mf = r#""managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{"f:x":{}}}}]"#;
        for (body, expected) in [
            (
                format!(r#"{{"name":"a",{mf},"uid":"u"}}"#),
                r#"{"name":"a","uid":"u"}"#,
            ),
            (format!(r#"{{{mf},"name":"a"}}"#), r#"{"name":"a"}"#),
            (format!(r#"{{"name":"a",{mf}}}"#), r#"{"name":"a"}"#),
            (format!(r#"{{{mf}}}"#), r#"{}"#),
            (
                r#"{ "name": "a" ,
                  "managedFields" : [ {"manager": "k"} ] ,
                  "uid": "u" }"#
                    .to_string(),
                "{ \"name\": \"a\" ,\n                  \n                  \"uid\": \"u\" }",
            ),
        ] {
            assert_eq!(lean(&body), expected, "{body}");
        }
    }

    #[test]
    fn strings_that_spell_the_key_or_brackets_stay() {
        // The last-applied annotation holds an object's JSON as a string; a manager's name may
        // hold brackets and quotes.
        let body = r#"{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"metadata\":{\"managedFields\":[]}}"},"managedFields":[{"manager":"a]\"[b","time":"t"}],"name":"x\"managedFields\":[1]"},"spec":{"managedFields":"not an array"}}"#;
        let out = lean(body);
        assert_eq!(
            out,
            r#"{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"metadata\":{\"managedFields\":[]}}"},"name":"x\"managedFields\":[1]"},"spec":{"managedFields":"not an array"}}"#
        );
        let value: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap(),
            without_managed_fields(value)
        );
    }

    #[test]
    fn a_body_without_them_or_cut_short_passes_as_it_came() {
        for body in [
            br#"{"kind":"Status","code":403}"#.as_slice(),
            br#"{"items":[{"metadata":{"managedFields":[{"manager":"k"#,
            br#"{"items":[{"metadata":{"managedFields":[{"manager":"k"}"#,
            br#"{"managedFields""#,
        ] {
            assert!(
                matches!(drop_managed_fields(body), Cow::Borrowed(b) if b == body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn every_seed_answer_decodes_to_itself_without_them() {
        let mut dropped = 0;
        for (name, body) in SEED_ANSWERS {
            let value: Value = serde_json::from_str(body).unwrap();
            let out = drop_managed_fields(body.as_bytes());
            dropped += body.len() - out.len();
            let out: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(out, without_managed_fields(value), "{name}");
            assert!(!out.to_string().contains("managedFields"), "{name}");
        }
        assert!(dropped > 150_000, "{dropped} bytes dropped");
    }
}
