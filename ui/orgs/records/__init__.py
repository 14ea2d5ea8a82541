"""Campaign-record tabs of the unit panel and the member records panel (issue 9)."""
