"""The gradients chapter: one module per answer page (linear-regression, vanishing-gradients, softmax-cross-entropy, zero-init)."""
