"""Importing what councils already have: plan documents of every layout, and the people CSV."""

from store.importers.people import import_people_csv
from store.importers.plan_file import import_plan_file

__all__ = ["import_people_csv", "import_plan_file"]
