"""Dispatch (S6, S7, S8, S21): who is on the team, which rule routes a complaint, who gets it."""

from .directory import Directory
from .routing import RoutingRule, RoutingTable
from .strategies import LeastLoaded, RoundRobin

__all__ = ["Directory", "LeastLoaded", "RoundRobin", "RoutingRule", "RoutingTable"]
