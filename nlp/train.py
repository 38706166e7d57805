"""``python -m nlp.train``: train the status model from the labelled replies (see :mod:`nlp.status.training`)."""

from nlp.status.training import main

if __name__ == "__main__":
    raise SystemExit(main())
