from mockserver.cli import main
import sys

sys.exit(main())
