"""Writes of the Refugee Desk (people, cases, referrals, protection of the data)."""
