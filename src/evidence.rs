//! Evidence attached to findings and timeline entries, redacted when it is built.
