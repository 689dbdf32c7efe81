"""Default storage plugin: the SQLAlchemy store for any SQLAlchemy database URL."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..settings import Settings
from ..storage import SqlStore
from ..store import SensitiveCodec, Store


class SqlStoragePlugin:
    """Answers ``greenchannel_storage`` last, so a bank's own backend wins."""

    @hookimpl(trylast=True)
    def greenchannel_storage(self, settings: Settings, codec: SensitiveCodec) -> Store | None:
        return SqlStore(settings.database_url, codec=codec)
