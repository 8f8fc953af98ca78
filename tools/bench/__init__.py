"""The benchmark (`make bench`): the sample in inputs/ (with its review round, and a copy without it:
`sample-before`) and synthetic input sets of 1x its harvest, 1,000 items, 10x and the target's 10,000
items with 300 organisations; end-to-end and per-stage timings (the review round's stages among them),
the floor of the tools we build on, `make proposal` with nothing changed; writes docs/benchmarks.md.

    python -m tools.bench                  # everything (some 15 to 20 minutes)
    python -m tools.bench --sizes sample,sample-before --repeat 1 --doc /tmp/b.md   # a short trial
    python -m tools.bench --quick          # 3 runs instead of 5, one stage run, no PDF
    python -m tools.bench.generate --items 10000 --organisations 300 --out /tmp/big
    python -m tools.bench.stages /tmp/big  # one in-process build, the time of each stage as JSON
    python -m tools.bench.floor /tmp/big   # the floor alone
"""
