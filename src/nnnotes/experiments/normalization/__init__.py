"""The normalisation and initialisation chapter: one module per answer page (xavier, batch-norm)."""
