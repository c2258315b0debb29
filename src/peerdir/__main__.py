"""`python -m peerdir …` runs the `peerdir` command."""

import sys

from peerdir.cli import main

sys.exit(main())
