//! Chat adapters: they turn what a user did into an `Invocation` (see `crate::invocation`) and
//! send the `Reply` back.
//! Only the modules below this one know a chat platform.

pub mod console;
pub mod discord;
pub mod listener;
pub mod metrics;
