//! `/watch`: follows a workload's pods during an incident and posts into the channel only the
//! changes that matter. `state` is the pure core (pods in, a post or nothing out), `follow`
//! the cluster reads (list, then watch from its version; re-list on 410 Gone or a dropped
//! stream), `runner` the rounds: claim each watch's lease, follow it, decide, record the post
//! with its entry and health sample, hand the post to the chat adapter.

pub mod follow;
pub mod runner;
pub mod state;

pub use runner::{ROUND, Subject, WatchPost, Watcher};
pub use state::{Counts, HEALTHY_FOR, MIN_GAP, PodEvent, PodView, Pods, Post, Told, decide};
