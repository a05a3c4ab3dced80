"""``python -m mockserver.worldgen --seed N --out DIR [...]``: the same as ``buffer-mock generate``."""

import sys

from mockserver.worldgen.command import main

sys.exit(main())
