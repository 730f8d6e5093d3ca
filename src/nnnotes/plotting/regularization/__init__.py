"""Drawing the regularization chapter: one module per answer page (bias, l1-sparsity, input-noise)."""
