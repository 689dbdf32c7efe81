"""``greenchannel keys``: generate a key, rotate every sealed value to the current key (S20)."""

from __future__ import annotations

import argparse
import sys

from ..errors import ConfigurationError
from ..sdk import GreenChannel
from ..security.keys import generate_key
from ..security.rotation import RotationProgress, rotate_keys
from ..storage import SqlStore
from .options import add_database_option, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("keys", help="encryption keys")
    commands = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    generate = commands.add_parser("generate", help="print a new random 256-bit key (base64)")
    generate.set_defaults(func=_generate)
    rotate = commands.add_parser(
        "rotate", help="re-encrypt every stored value under the current key (resumable)")
    add_database_option(rotate)
    rotate.add_argument("--batch", type=int, default=500, help="rows per transaction")
    rotate.set_defaults(func=_rotate)


def _generate(_args: argparse.Namespace) -> int:
    print(generate_key())
    return 0


def _rotate(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        if not isinstance(sdk.store, SqlStore):
            raise ConfigurationError("key rotation works on the SQLAlchemy store only")
        provider = sdk.registry.key_providers[sdk.settings.key_provider]
        current = provider.current_key_id()

        def show(step: RotationProgress) -> None:
            print(f"\r{step.table}: {step.examined} examined, {step.rotated} re-encrypted",
                  end="", file=sys.stderr, flush=True)

        totals = rotate_keys(sdk.store, batch=args.batch, progress=show)
    print(file=sys.stderr)
    for total in totals:
        done = "rewrapped" if total.table == "data_keys" else "re-sealed"
        print(f"{total.table}: {total.rotated} of {total.examined} {done} (master key {current})")
    return 0
