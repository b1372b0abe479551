"""`python -m bot.parsing TEXT|-`: the parser CLI on its own, until `python -m bot parse` exists."""

import sys

from bot.parsing.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin, sys.stdout))
