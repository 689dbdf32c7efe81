"""Notice templates: what the customer and staff are told, per topic and language (S13, S23).

A template is a small UTF-8 text file, ``<language>/<topic>.txt``, laid out
like an email so that a bank's communications team can edit it without
touching code::

    Subject: Your complaint ${number} has been registered

    Dear customer, ...

Placeholders use :class:`string.Template` syntax (``${number}``, ``$$`` for
a dollar sign).  The SDK ships a set in Simplified Chinese, Traditional
Chinese and English; a bank replaces any of them with a directory of its own
files or a mapping (from its configuration system), layered over the
built-in set with :meth:`NoticeTemplates.replaced_by` or used alone.

Problems are found early and named precisely: a malformed file or a broken
placeholder fails when the set is loaded, a template missing for a topic or
a placeholder the message cannot fill fails when the notice is rendered
(the outbox then keeps the message and retries, so fixing the template and
replaying loses nothing).
"""

from __future__ import annotations

import string
import sys
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import attrs

from ..errors import ConfigurationError

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # Python 3.10 has it only here; 3.13 deprecates this location
    from importlib.abc import Traversable

__all__ = ["NoticeTemplate", "NoticeTemplates", "TemplateError"]

_SUFFIX = ".txt"
_SUBJECT = "subject:"


class TemplateError(ConfigurationError):
    """A notice template is missing, malformed, or asks for a value the message lacks."""


def _check_placeholders(template: string.Template, source: str, first_line: int) -> None:
    for match in template.pattern.finditer(template.template):
        if match.group("invalid") is not None:
            line = first_line + template.template.count("\n", 0, match.start())
            raise TemplateError(
                f"{source}, line {line}: a '$' that starts no placeholder; write ${{name}} "
                "for a value or $$ for a dollar sign")


@attrs.frozen
class NoticeTemplate:
    """One topic in one language: a subject line and a body, with ``${name}`` placeholders.

    ``source`` says where it came from (a file path, or ``mapping:en/...``),
    so every error points at the text to fix.
    """

    source: str
    subject: string.Template
    body: string.Template

    @classmethod
    def parse(cls, text: str, source: str) -> NoticeTemplate:
        """Read the file layout: a ``Subject:`` line, one blank line, then the body."""
        lines = text.lstrip("\ufeff").splitlines()
        if not lines or not lines[0].lower().startswith(_SUBJECT):
            raise TemplateError(f"{source}: the first line must be 'Subject: ...'")
        if len(lines) < 3 or lines[1].strip():
            raise TemplateError(f"{source}: put one blank line after the subject, then the body")
        subject = string.Template(lines[0][len(_SUBJECT):].strip())
        body = string.Template("\n".join(lines[2:]).rstrip() + "\n")
        if not subject.template:
            raise TemplateError(f"{source}: the subject is empty")
        if not body.template.strip():
            raise TemplateError(f"{source}: the body is empty")
        _check_placeholders(subject, source, 1)
        _check_placeholders(body, source, 3)
        return cls(source=source, subject=subject, body=body)

    def render(self, variables: Mapping[str, str], topic: str) -> tuple[str, str]:
        """The subject (on one line) and body with every placeholder filled.

        Raises :class:`TemplateError` naming the placeholder and what the
        ``topic`` message offers instead; values are never quoted in it.
        """
        try:
            subject = self.subject.substitute(variables)
            body = self.body.substitute(variables)
        except KeyError as exc:
            name = exc.args[0]
            raise TemplateError(
                f"{self.source} uses ${{{name}}}, which a {topic!r} notice does not provide; "
                f"available: {', '.join(sorted(variables))}") from None
        return " ".join(subject.split()), body


class NoticeTemplates:
    """A set of templates keyed by (language, topic); immutable once built."""

    def __init__(self, templates: Mapping[tuple[str, str], NoticeTemplate]) -> None:
        self._templates = dict(templates)

    @classmethod
    def builtin(cls) -> NoticeTemplates:
        """The shipped set: every customer and staff topic in zh-Hans, zh-Hant and en."""
        return _builtin()

    @classmethod
    def for_bank(cls, directory: Path | str | None) -> NoticeTemplates:
        """The built-in set with the bank's ``directory`` (if any) layered over it.

        What a notifier configured from a ``..._TEMPLATES`` setting uses: a
        bank replaces the templates it cares about and keeps the rest.
        """
        builtin = cls.builtin()
        return builtin if directory is None else builtin.replaced_by(
            cls.from_directory(directory))

    @classmethod
    def from_directory(cls, directory: Path | str) -> NoticeTemplates:
        """Every ``<language>/<topic>.txt`` under ``directory``."""
        root = Path(directory)
        if not root.is_dir():
            raise TemplateError(f"notice template directory {root} does not exist")
        templates = cls._from_tree(root, str(root))
        if not templates._templates:
            raise TemplateError(f"no notice templates in {root}: expected files named "
                                "<language>/<topic>.txt, such as en/customer.acknowledgement.txt")
        return templates

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Mapping[str, str]]) -> NoticeTemplates:
        """``{language: {topic: text}}``, each text in the same layout as a template file."""
        return cls({(language, topic): NoticeTemplate.parse(text, f"mapping:{language}/{topic}")
                    for language, topics in mapping.items()
                    for topic, text in topics.items()})

    @classmethod
    def _from_tree(cls, root: Traversable, label: str) -> NoticeTemplates:
        found: dict[tuple[str, str], NoticeTemplate] = {}
        for folder in root.iterdir():
            if not folder.is_dir():
                continue
            for item in folder.iterdir():
                if item.is_file() and item.name.endswith(_SUFFIX):
                    topic = item.name[: -len(_SUFFIX)]
                    found[(folder.name, topic)] = NoticeTemplate.parse(
                        item.read_text("utf-8"), f"{label}/{folder.name}/{item.name}")
        return cls(found)

    def replaced_by(self, other: NoticeTemplates) -> NoticeTemplates:
        """This set with every template ``other`` has put in its place (``other`` wins)."""
        return NoticeTemplates({**self._templates, **other._templates})

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(language for language, _topic in self._templates)

    def topics(self, language: str) -> frozenset[str]:
        return frozenset(topic for lang, topic in self._templates if lang == language)

    def get(self, language: str, topic: str) -> NoticeTemplate:
        """The template, or :class:`TemplateError` saying which file to add."""
        template = self._templates.get((language, topic))
        if template is None:
            raise TemplateError(
                f"no {language!r} template for topic {topic!r}: add {language}/{topic}.txt "
                f"to the bank's template directory (topics in {language!r}: "
                f"{', '.join(sorted(self.topics(language))) or 'none'})")
        return template

    def __repr__(self) -> str:
        return f"NoticeTemplates({len(self._templates)} templates, " \
               f"languages={sorted(self.languages)})"


@cache
def _builtin() -> NoticeTemplates:
    return NoticeTemplates._from_tree(resources.files(__package__) / "templates",
                                      "greenchannel_sdk/notices/templates")
