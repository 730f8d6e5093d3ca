"""Drawing the normalisation chapter: one module per answer page (xavier, batch-norm)."""
