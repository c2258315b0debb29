"""peerdir: recovery resource directories from YAML listings to a static site."""

__version__ = "0.1.0"
