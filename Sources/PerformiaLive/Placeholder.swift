// Placeholder so the target builds until the live runner lands; replaced by it.
