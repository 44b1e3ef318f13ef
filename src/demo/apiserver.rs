//! A small recording HTTP server that answers API-server routes from a scenario.
