"""Equal-access analytics (no Django): who can reach which service, how fairly, where to add more."""
