"""ansvarsgraf: who is responsible for what in Swedish municipal integration work.

The library is organised as one way through (see README, "Layout"):
``ansvarsgraf.loaders`` reads a report into a ``DocumentGraph`` (``ansvarsgraf.graph.model``),
a store in ``ansvarsgraf.graph`` writes it atomically, ``ansvarsgraf.queries`` asks it named
questions, and ``ansvarsgraf.api`` and ``ansvarsgraf.cli`` are thin shells over those.
"""

__version__ = "0.1.0"
