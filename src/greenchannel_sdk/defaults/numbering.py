"""Default numbering plugin: the format configured in settings (S3)."""

from __future__ import annotations

from ..domain import NumberFormat
from ..hookspecs import hookimpl
from ..settings import Settings


class SettingsNumberFormat:
    @hookimpl(trylast=True)
    def greenchannel_number_format(self, settings: Settings) -> NumberFormat | None:
        return settings.number_format
