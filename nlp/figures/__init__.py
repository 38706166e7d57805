"""Figures for performance indicators read from a reply (``read_figures``), given the asker's indicators."""

from nlp.figures.names import IndicatorName
from nlp.figures.reader import Figure, FigureReading, read_figures

__all__ = ["Figure", "FigureReading", "IndicatorName", "read_figures"]
