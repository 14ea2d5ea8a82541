"""The organisation page: unit tree, unit details, members and search.

Import the page from ``ui.orgs.page``: the package itself stays empty so that importing
one part (the unit picker, the search) does not load the whole page.
"""
