"""Surveys and needs analysis ("There is a Voice in the Neighbourhood"): forms in XLSForm."""
