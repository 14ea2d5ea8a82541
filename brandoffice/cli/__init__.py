"""The ``brandoffice`` command line."""
