"""softphone: the desktop workplace of an online-store contact-center operator."""

__version__ = "0.1.0"
