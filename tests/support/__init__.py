"""Test helpers shared by the whole suite (golden files, servers, browser, database)."""
