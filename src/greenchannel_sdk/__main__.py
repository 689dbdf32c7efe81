"""``python -m greenchannel_sdk`` runs the ``greenchannel`` command."""

import sys

from .cli import main

sys.exit(main())
