"""Default directory plugin: the teams and people stored in the SDK's own database.

It answers ``greenchannel_directory`` last, so a bank whose plugin returns
a directory from its HR or identity system is used instead; a host passing
``directory=`` to the facade skips the hook altogether.
"""

from __future__ import annotations

from ..dispatch import Directory, StoredDirectory
from ..hookspecs import hookimpl
from ..settings import Settings
from ..store import Store


class StoredDirectoryPlugin:
    @hookimpl(trylast=True)
    def greenchannel_directory(self, settings: Settings, store: Store) -> Directory | None:
        with store.unit_of_work() as uow:
            return StoredDirectory.load(uow)
