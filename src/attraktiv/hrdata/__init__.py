"""Reading a region's HR data set (hr-data.md §1): plain Python, no Django."""
