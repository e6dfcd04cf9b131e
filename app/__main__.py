"""`python -m kiyaku`: the same as the `kiyaku` command."""

from kiyaku.cli import main

raise SystemExit(main())
