"""Answering a coordinator's questions in plain English, within what the asker may see."""

from bot.answers.model import Answer
from bot.answers.questions import answer_question

__all__ = ["Answer", "answer_question"]
