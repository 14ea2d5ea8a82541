"""The brand register page: register, editor, life cycle, reviews, pairings and forms."""
