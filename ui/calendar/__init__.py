"""The phase calendar (阶段日历): editor, month and timeline views, progress grid, charts.

Import the page from ``ui.calendar.page`` and the late notice from ``ui.calendar.late``:
the package itself stays empty so that importing one part does not load them all.
"""
