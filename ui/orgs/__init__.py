"""The organisation page: unit tree, unit details, members and search."""

from ui.orgs.page import OrgPage

__all__ = ["OrgPage"]
