//! GET-only, suite-wide: after the whole test suite ran with `WARROOM_TEST_API_REQUEST_LOG`
//! naming one file, every fake API server of every test binary (and of the `warroom` binary
//! the CLI tests spawn) has appended its requests there. This asserts that the suite sent the
//! cluster nothing but GETs and the self-subject reviews, and that the log really covers every
//! test binary that starts a fake API server. `.ci/run` runs it after `cargo test`:
//!
//! ```sh
//! export WARROOM_TEST_API_REQUEST_LOG=$(mktemp)
//! cargo test --locked
//! cargo test --locked --test get_only -- --ignored
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use warroom::demo::apiserver::{
    REQUEST_LOG_ENV, SELF_SUBJECT_ACCESS_REVIEWS, SELF_SUBJECT_RULES_REVIEWS,
};

/// The test binaries that start a fake API server, from their sources: each must show up in
/// the log. `warroom` stands for the binary the CLI tests run (its demo serves the seed).
fn expected_binaries() -> BTreeSet<String> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut expected = BTreeSet::new();
    for entry in std::fs::read_dir(&tests).expect("read tests/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read a test");
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if source.contains("FakeApiServer::start") && stem != "get_only" {
            expected.insert(stem);
        }
        if source.contains("CARGO_BIN_EXE_warroom") && source.contains("\"demo\"") {
            expected.insert("warroom".to_string());
        }
    }
    expected
}

#[test]
#[ignore = "run by .ci/run after the whole suite: cargo test --test get_only -- --ignored"]
fn the_whole_suite_sent_only_gets_and_access_reviews() {
    let path = std::env::var(REQUEST_LOG_ENV).unwrap_or_else(|_| {
        panic!(
            "{REQUEST_LOG_ENV} is not set: run the suite with it naming a fresh file, then this \
             test (see .ci/run)"
        )
    });
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the request log {path}: {e}"));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad log line {l:?}: {e}")))
        .collect();
    let field = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();

    let offending: Vec<String> = lines
        .iter()
        .filter(|v| v["probe"] != true)
        .filter(|v| {
            let (method, path) = (field(v, "method"), field(v, "path"));
            let review = method == "POST"
                && (path == SELF_SUBJECT_ACCESS_REVIEWS || path == SELF_SUBJECT_RULES_REVIEWS);
            method != "GET" && !review
        })
        .map(|v| {
            format!(
                "{} {} {}",
                field(v, "exe"),
                field(v, "method"),
                field(v, "path")
            )
        })
        .collect();
    assert!(
        offending.is_empty(),
        "requests other than GET and the access reviews:\n{}",
        offending.join("\n")
    );

    // The log is real: every binary that starts a fake API server wrote to it, and the
    // deliberate DELETE of tests/fake_apiserver.rs was logged as a write.
    let seen: BTreeSet<String> = lines.iter().map(|v| field(v, "exe")).collect();
    let expected = expected_binaries();
    let missing: Vec<&String> = expected.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "these test binaries start a fake API server but logged nothing: {missing:?} (seen: \
         {seen:?}); was the whole suite run with {REQUEST_LOG_ENV} set?"
    );
    assert!(
        lines
            .iter()
            .any(|v| v["probe"] == true && field(v, "method") == "DELETE" && v["write"] == true),
        "the write probe of tests/fake_apiserver.rs is not in the log: writes would go unseen"
    );
    let gets = lines.iter().filter(|v| field(v, "method") == "GET").count();
    println!(
        "{} requests from {} binaries ({gets} GET), none of them a write",
        lines.len(),
        seen.len()
    );
}
