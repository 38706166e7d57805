"""The fault suite: the real `chaser serve` on PostgreSQL with local fakes of every platform, under
SIGKILLs, PostgreSQL restarts, platform 429s and 5xx, and hostile input. Run ``python -m benchmarks.faults``."""
