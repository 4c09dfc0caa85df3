"""Checks of the test harness itself."""
