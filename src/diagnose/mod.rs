//! Pure analyzers over a `cluster::Snapshot`: one file each, plus finding.rs and correlate.rs.
