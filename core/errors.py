"""Errors ansvarsgraf raises. Every message names the file, query or setting at fault
and says what to do, so the CLI and the API can show it to a user as it is.

* AnsvarsgrafError
  + InputError              a document cannot be read; names the file and why
    - UnsupportedFormat     the content is no format the loaders read
    - InputTooLarge         the file is over the size limit (a setting)
    - MissingTool           an external program (Tesseract) is not installed
    - ExtractionTimeout     a document took longer than the time budget
  + SchemaViolation         an extracted node or edge breaks SCHEMA.md
  + StoreError              the store cannot do what was asked
    - StoreUnavailable      the store cannot be opened or reached
    - StoreLocked           another process holds the embedded store for writing
    - DocumentNotFound      forget/evidence of a document that is not there
      . UnknownMunicipality no node belongs to a municipality of that name
      . UnknownEdge         no edge has that key
  + QueryError              a named query cannot run
    - UnknownQuery
    - ParameterError        missing, unknown or ill-typed parameters
    - QueryFileError        a .cypher file with a malformed header
  + SettingsError           an ANSVARSGRAF_* setting is invalid
"""

from __future__ import annotations


class AnsvarsgrafError(Exception):
    """Something went wrong in ansvarsgraf."""


class InputError(AnsvarsgrafError):
    """A document cannot be read."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UnsupportedFormat(InputError):
    """The content is not a format the loaders read (text, HTML, PDF)."""


class InputTooLarge(InputError):
    """The file is larger than the configured size limit."""


class MissingTool(InputError):
    """An external program the loader needs is not installed."""


class ExtractionTimeout(InputError):
    """A document took longer than the per-document time budget."""


class SchemaViolation(AnsvarsgrafError):
    """An extracted node or edge breaks the schema in SCHEMA.md."""


class StoreError(AnsvarsgrafError):
    """The store cannot do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached."""


class StoreLocked(StoreUnavailable):
    """Another process holds the embedded store for writing."""


class DocumentNotFound(StoreError):
    """No such document (or edge) is loaded."""


class UnknownMunicipality(DocumentNotFound):
    """No node of the graph belongs to a municipality of that name."""


class UnknownEdge(DocumentNotFound):
    """No edge of the graph has that key."""


class QueryError(AnsvarsgrafError):
    """A named query cannot run."""


class UnknownQuery(QueryError):
    """No named query has that name."""


class ParameterError(QueryError):
    """Query parameters are missing, unknown or of the wrong type."""


class QueryFileError(QueryError):
    """A .cypher file has a malformed header."""


class SettingsError(AnsvarsgrafError):
    """An ANSVARSGRAF_* setting is invalid."""
