"""Drawing the gradients chapter: one module per answer page with figures (linear-regression, vanishing-gradients, zero-init)."""
