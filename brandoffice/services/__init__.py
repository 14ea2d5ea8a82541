"""Services: one session per user operation, frozen rows out, domain rules enforced."""
