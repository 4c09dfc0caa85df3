"""adilkent: equal access to municipal services for everyone."""

__version__ = "0.1.0"
