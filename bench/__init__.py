"""Performance benchmark of the dashboard against its budget and a naive baseline (see bench/README.md)."""
