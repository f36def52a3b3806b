"""The responsibility graph: the model (no I/O), its schema, and one store per backend."""
