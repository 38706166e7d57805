"""Chaser's web app: the dashboard, each plan's actions, the evidence trail, updates, questions and reports."""

from adapters.web.app import create_app, from_environment

__all__ = ["create_app", "from_environment"]
