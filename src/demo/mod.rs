//! The built-in demo: the seed incident's cluster served in-process, and the scripted session.

pub mod apiserver;
pub mod seed;
