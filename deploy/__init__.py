"""Running the dashboard at scale: nginx in front of replicas, a load test, container and Kubernetes files."""
