"""Reading a coordinator's question into a :class:`Query`: what is asked for, and the filters."""

from nlp.questions.parser import Query, parse_question

__all__ = ["Query", "parse_question"]
