//! The machinery every read of one `gather` shares: the request budget, pagination, and the
//! "not checked" lines a failed or cut-short read leaves.

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::Resource;
use serde::de::DeserializeOwned;

use super::{MAX_ITEMS_PER_LIST, REQUEST_BUDGET};
use crate::cluster::client::{ListQuery, Page, ReadOnly};
use crate::cluster::error::ClusterError;
use crate::cluster::snapshot::NotChecked;

/// Why a read did not happen.
pub(super) enum Skip {
    Failed(ClusterError),
    Budget,
    /// An earlier request showed the cluster cannot be read at all.
    Halted(String),
}

impl Skip {
    pub(super) fn why(&self) -> String {
        match self {
            Skip::Failed(e) => e.to_string(),
            Skip::Budget => format!(
                "skipped: this triage's budget of {REQUEST_BUDGET} API requests was used up \
                 (triage a narrower target, or read it with kubectl)"
            ),
            Skip::Halted(cause) => format!("skipped: {cause}"),
        }
    }
}

/// The request budget of one `gather`, and whether the cluster stopped answering.
pub(super) struct Budget {
    left: AtomicUsize,
    halted: Mutex<Option<String>>,
}

impl Budget {
    pub(super) fn halted(&self) -> Result<(), Skip> {
        match &*self.halted.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(cause) => Err(Skip::Halted(cause.clone())),
            None => Ok(()),
        }
    }

    /// Takes one request from the budget.
    pub(super) fn take(&self) -> Result<(), Skip> {
        self.halted()?;
        self.left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .map(drop)
            .map_err(|_| Skip::Budget)
    }

    pub(super) fn left(&self) -> usize {
        self.left.load(Ordering::SeqCst)
    }

    pub(super) fn halt(&self, cause: &ClusterError) {
        let short = match cause {
            ClusterError::Timeout { .. } => "the API server did not answer in time",
            ClusterError::Unauthorized => "the API server rejected warroom's credentials",
            _ => "the API server is unreachable",
        };
        let mut halted = self.halted.lock().unwrap_or_else(PoisonError::into_inner);
        halted.get_or_insert_with(|| short.to_string());
    }
}

/// Why a list was not read to its end.
pub(super) enum Cut {
    /// The request budget ran out.
    Budget,
    /// `MAX_ITEMS_PER_LIST` was reached.
    Cap,
}

/// A list, and whether every page of it was read.
pub(super) struct Listed<K> {
    pub(super) items: Vec<K>,
    /// Why the list stopped before its end, if it did.
    cut: Option<Cut>,
}

/// Shared state of one `gather`: the handle, the budget and the "not checked" lines.
pub(super) struct Ctx<'a> {
    pub(super) ro: &'a ReadOnly,
    pub(super) budget: Budget,
    notes: Mutex<Vec<NotChecked>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(ro: &'a ReadOnly) -> Self {
        Self::with_budget(ro, REQUEST_BUDGET)
    }

    /// A context with its own budget of `requests` (the breadth reads have their own).
    pub(super) fn with_budget(ro: &'a ReadOnly, requests: usize) -> Self {
        Ctx {
            ro,
            budget: Budget {
                left: AtomicUsize::new(requests),
                halted: Mutex::new(None),
            },
            notes: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn note(&self, what: impl Into<String>, why: impl Into<String>) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(NotChecked {
                what: what.into(),
                why: why.into(),
            });
    }

    pub(super) fn skipped(&self, what: &str, skip: Skip) {
        if let Skip::Failed(e) = &skip
            && e.is_cluster_wide()
        {
            self.budget.halt(e);
        }
        self.note(what, skip.why());
    }

    pub(super) fn take_notes(&self) -> Vec<NotChecked> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Follows `continue` tokens, one budget request per page.
    pub(super) async fn paginate<K, F, Fut>(
        &self,
        first: ListQuery,
        fetch: F,
    ) -> Result<Listed<K>, Skip>
    where
        F: Fn(ListQuery) -> Fut,
        Fut: Future<Output = Result<Page<K>, ClusterError>>,
    {
        let mut query = first;
        let mut items = Vec::new();
        loop {
            if let Err(skip) = self.budget.take() {
                return match query.continue_token {
                    None => Err(skip),
                    Some(_) => Ok(Listed {
                        items,
                        cut: Some(Cut::Budget),
                    }),
                };
            }
            let page = fetch(query.clone()).await.map_err(Skip::Failed)?;
            items.extend(page.items);
            match page.continue_token {
                Some(_) if items.len() >= MAX_ITEMS_PER_LIST => {
                    return Ok(Listed {
                        items,
                        cut: Some(Cut::Cap),
                    });
                }
                Some(token) => query.continue_token = Some(token),
                None => {
                    return Ok(Listed { items, cut: None });
                }
            }
        }
    }

    /// The items of a list, noting a failure or a list cut short.
    pub(super) fn keep<K>(&self, what: &str, listed: Result<Listed<K>, Skip>) -> Option<Vec<K>> {
        match listed {
            Ok(l) => {
                let why = match l.cut {
                    None => None,
                    Some(Cut::Budget) => Some(Skip::Budget.why()),
                    Some(Cut::Cap) => Some(format!(
                        "a triage reads at most {MAX_ITEMS_PER_LIST} of each kind; narrow it \
                         with a namespace or a workload"
                    )),
                };
                if let Some(why) = why {
                    self.note(
                        format!("the rest of {what}"),
                        format!("{why} (read the first {})", l.items.len()),
                    );
                }
                Some(l.items)
            }
            Err(skip) => {
                self.skipped(what, skip);
                None
            }
        }
    }

    pub(super) async fn list_in<K>(
        &self,
        what: String,
        namespace: Option<&str>,
        query: ListQuery,
    ) -> Option<Vec<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let listed = self
            .paginate(
                query,
                |q| async move { self.ro.list::<K>(namespace, &q).await },
            )
            .await;
        self.keep(&what, listed)
    }

    pub(super) async fn list_cluster<K>(&self, what: &str) -> Option<Vec<K>>
    where
        K: Resource<Scope = ClusterResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let listed = self
            .paginate(ListQuery::default(), |q| async move {
                self.ro.list_cluster::<K>(&q).await
            })
            .await;
        self.keep(what, listed)
    }

    /// `Some(None)`: the object does not exist; `None`: it could not be read (noted).
    pub(super) async fn get_in<K>(
        &self,
        what: &str,
        namespace: &str,
        name: &str,
    ) -> Option<Option<K>>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>,
        K: Clone + DeserializeOwned + Debug,
    {
        let result = match self.budget.take() {
            Ok(()) => self
                .ro
                .get::<K>(namespace, name)
                .await
                .map_err(Skip::Failed),
            Err(skip) => Err(skip),
        };
        match result {
            Ok(obj) => Some(obj),
            Err(skip) => {
                self.skipped(what, skip);
                None
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_counts_and_halts() {
        let budget = Budget {
            left: AtomicUsize::new(2),
            halted: Mutex::new(None),
        };
        assert!(budget.take().is_ok() && budget.take().is_ok());
        assert!(matches!(budget.take(), Err(Skip::Budget)));
        let budget = Budget {
            left: AtomicUsize::new(2),
            halted: Mutex::new(None),
        };
        budget.halt(&ClusterError::Unauthorized);
        let Err(skip) = budget.take() else {
            panic!("halted budget gave a request")
        };
        assert_eq!(
            skip.why(),
            "skipped: the API server rejected warroom's credentials"
        );
    }
}
