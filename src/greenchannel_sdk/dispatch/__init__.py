"""Dispatch (S6, S7, S8, S21): who is on the team, which rule routes a complaint, who gets it."""

from .directory import Directory
from .directory_file import read_directory_file
from .routing import RoutingRule, RoutingTable
from .stored import StoredDirectory
from .strategies import LeastLoaded, RoundRobin

__all__ = ["Directory", "LeastLoaded", "RoundRobin", "RoutingRule", "RoutingTable",
           "StoredDirectory", "read_directory_file"]
