//! Built-in regular expressions: patterns written in the source, each compiled once, the first
//! time it is used, so a command that never needs one never pays for compiling it.
//!
//! Every built-in pattern is a `BuiltinRegex`, usually a `static`. Patterns from configuration
//! (alert routes) are user input and are compiled where they are read, with a user error.
//!
//! Compiling is most of what a pattern costs a one-shot process (a console triage), and Unicode
//! classes are most of compiling: `\w`, `\s`, `\b` and case-insensitive letters stand for
//! hundreds of code points each. Where a pattern looks for ASCII words in logs, it says so
//! (`(?i-u)`, `(?-u:\s)`, `[A-Za-z0-9_]`); `.` and negated classes stay Unicode, as a `&str`
//! pattern needs them to.

use std::ops::Deref;
use std::sync::OnceLock;

use regex::Regex;

/// A constant pattern, compiled on first use.
pub struct BuiltinRegex {
    pattern: &'static str,
    compiled: OnceLock<Regex>,
}

impl BuiltinRegex {
    pub const fn new(pattern: &'static str) -> Self {
        BuiltinRegex {
            pattern,
            compiled: OnceLock::new(),
        }
    }
}

impl Deref for BuiltinRegex {
    type Target = Regex;

    /// The compiled regex. A pattern that does not compile is a bug in this source, not a
    /// condition of the input, and the tests of each user compile it: it panics with the
    /// pattern rather than quietly matching nothing.
    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(self.pattern)
                .unwrap_or_else(|e| panic!("built-in regex {:?} is invalid: {e}", self.pattern))
        })
    }
}

/// Compiles each of `patterns` that is not compiled yet. A command calls this on a spare
/// thread for the patterns it is about to run, so that compiling them overlaps its reads.
pub fn compile_all(patterns: &[&BuiltinRegex]) {
    for pattern in patterns {
        let _compiled: &Regex = pattern;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static WORD: BuiltinRegex = BuiltinRegex::new(r"\bwar(room)?\b");

    #[test]
    fn compiles_on_first_use_and_matches_like_a_regex() {
        assert!(WORD.compiled.get().is_none());
        assert!(WORD.is_match("the warroom bot"));
        assert!(!WORD.is_match("warrooms"));
        assert!(WORD.compiled.get().is_some());
    }

    #[test]
    fn compile_all_compiles_each_pattern_once() {
        static A: BuiltinRegex = BuiltinRegex::new("a+");
        static B: BuiltinRegex = BuiltinRegex::new("b+");
        compile_all(&[&A, &B]);
        let compiled = A.compiled.get().map(|r| r as *const Regex);
        assert!(compiled.is_some() && B.compiled.get().is_some());
        compile_all(&[&A]);
        assert_eq!(A.compiled.get().map(|r| r as *const Regex), compiled);
        assert!(A.is_match("xaa") && !B.is_match("xaa"));
    }
}
