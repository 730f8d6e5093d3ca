"""The regularization chapter: one module per answer page (bias, l1-sparsity, input-noise), and the linear model two of them train (``linear_model``)."""
