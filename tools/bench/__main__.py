"""`python -m tools.bench`: see tools/bench/run.py."""
from .run import main

raise SystemExit(main())
