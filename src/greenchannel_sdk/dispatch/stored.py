"""The directory kept in the SDK's own database, re-read when it changes (S6, S8).

Reading 200 people for every registration would cost more than the rest of
intake, so the loaded directory is kept with the revision it was read at;
each assignment asks the store for the revision (one primary-key read) and
reloads only when a directory command, in this process or another, has
committed since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import Department, DirectoryRecords, Team
from .directory import Directory

if TYPE_CHECKING:
    from ..store import UnitOfWork

__all__ = ["StoredDirectory"]

#: The team a fresh database starts with, as :meth:`Directory.single_team` has it.
_STARTING_TEAM = Team(id="green-channel", department="customer_relationship")


class StoredDirectory(Directory):
    """A :class:`Directory` read from the store, at ``revision``.

    A database nobody has put a team into yet behaves like
    :meth:`Directory.single_team`: complaints queue for the lone
    ``green-channel`` team until people are added.
    """

    def __init__(self, records: DirectoryRecords, revision: int) -> None:
        super().__init__(records.teams or (_STARTING_TEAM,), records.staff)
        self.departments: dict[str, Department] = {d.id: d for d in records.departments}
        self.revision = revision

    @classmethod
    def load(cls, uow: UnitOfWork) -> StoredDirectory:
        revision = uow.directory_revision()
        return cls(uow.directory_records(), revision)

    def current(self, uow: UnitOfWork) -> Directory:
        if uow.directory_revision() == self.revision:
            return self
        return StoredDirectory.load(uow)
