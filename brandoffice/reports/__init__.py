"""Word documents: the GB/T 9704 layout, reports and the brand registration form."""
