"""samizdat: a self-hosted blogging platform."""

__version__ = "0.1.0"
