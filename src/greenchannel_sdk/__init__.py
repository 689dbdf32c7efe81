"""greenchannel-sdk: an embeddable customer-complaint green channel for banks."""

from ._version import __version__
from .hookspecs import hookimpl

__all__ = ["__version__", "hookimpl"]
