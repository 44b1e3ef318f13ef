//! warroom: run a Kubernetes incident from the chat channel.
//!
//! The data flow (see DESIGN.md): a chat adapter turns what a user typed into an `Invocation`;
//! `command` parses it into a `Command`; `access` authorizes it; a handler does the work through
//! the read-only `cluster` layer, the pure `diagnose` analyzers and the `store`, and returns a
//! `Reply` that the adapter sends.

pub mod access;
pub mod alerts;
pub mod app;
pub mod builtin_regex;
pub mod chart;
pub mod chat;
pub mod check;
pub mod cluster;
pub mod command;
pub mod config;
pub mod demo;
pub mod diagnose;
pub mod error;
pub mod evidence;
pub mod handlers;
pub mod i18n;
pub mod incident;
pub mod invocation;
pub mod render;
pub mod scheduler;
pub mod store;
pub mod watch;
