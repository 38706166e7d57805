"""`python -m benchmarks.faults [--small]`: run the fault suite and print its table.

The full run (the default) is 1,000 leads, a round of 1,000 requests under 5% 429s and 2% 5xx,
10,000 replies with 20% delivered more than once under 10 SIGKILLs and 2 PostgreSQL restarts (on a
private cluster), then the hostile corpus. ``--small`` is the CI size.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.faults.suite import FULL, SMALL, Sizes, run_suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults", description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the CI size: a few hundred replies, two kills")
    parser.add_argument("--people", type=int)
    parser.add_argument("--replies", type=int)
    parser.add_argument("--kills", type=int)
    parser.add_argument("--pg-restarts", type=int, help="restarts of a private PostgreSQL cluster (needs root)")
    parser.add_argument("--instance-days", type=int,
                        help="simulated days for three `chaser serve` on one database (0 to leave it out)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, CSVs) and print it")
    args = parser.parse_args(argv)
    base = SMALL if args.small else FULL
    sizes = Sizes(people=args.people or base.people, replies=args.replies or base.replies,
                  kills=base.kills if args.kills is None else args.kills,
                  pg_restarts=base.pg_restarts if args.pg_restarts is None else args.pg_restarts,
                  instance_days=base.instance_days if args.instance_days is None else args.instance_days)
    started = time.monotonic()
    result = run_suite(sizes=sizes, seed=args.seed, keep=args.keep)
    print(result.table())
    print(f"\n{sizes.describe()}; {time.monotonic() - started:.0f} s in all")
    if args.keep:
        print(f"run folder: {result.folder}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
