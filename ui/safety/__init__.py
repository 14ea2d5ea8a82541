"""The window side of safety: start-up questions, login and idle lock, backups, accounts, audit."""
