"""Tests of the data set reader (hr-data.md §1)."""
