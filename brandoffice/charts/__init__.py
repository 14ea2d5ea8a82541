"""Charts for progress reports, drawn with matplotlib's Agg backend (never pyplot)."""
