//! The seed scenario: the JSON a real kube-apiserver returned for the seed incident, embedded.
