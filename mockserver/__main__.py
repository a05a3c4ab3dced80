"""``python -m mockserver``: the same as the ``buffer-mock`` command."""

import sys

from mockserver.cli import main

sys.exit(main())
