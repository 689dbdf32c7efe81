"""Branch complaint-box intake for greenchannel-sdk (S1).

Branch staff type the paper complaint forms into a spreadsheet; this package
imports the CSV or XLSX file row by row through the SDK
(:func:`import_file`, or ``greenchannel-branchbox import FILE``), with a
reject file for the rows that could not be registered, a progress callback
and a summary.  Each row is one payload of :class:`BranchBoxChannel`.
"""

from __future__ import annotations

from ._channel import CHANNEL_NAME, DEFAULT_MAX_BYTES, BranchBoxChannel, encode_row
from ._columns import COLUMNS, REQUIRED_COLUMNS
from ._importer import ImportSummary, Intake, Progress, import_file, import_table
from ._plugin import greenchannel_register_channels
from ._readers import Table, open_table

__all__ = [
    "CHANNEL_NAME",
    "COLUMNS",
    "DEFAULT_MAX_BYTES",
    "REQUIRED_COLUMNS",
    "BranchBoxChannel",
    "ImportSummary",
    "Intake",
    "Progress",
    "Table",
    "encode_row",
    "greenchannel_register_channels",
    "import_file",
    "import_table",
    "open_table",
]
