"""``python -m minelib``: the same as the ``minelib`` command."""

import sys

from minelib.cli import main

sys.exit(main())
