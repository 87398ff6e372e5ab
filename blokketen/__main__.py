"""`python -m blokketen` runs the `blokketen` command."""

import sys

from blokketen.cli.main import main

sys.exit(main())
