from __future__ import annotations


class StorageError(Exception):
    pass


class StorageUnavailable(StorageError):
    """The database cannot be reached; the caller should keep its data and retry later."""


class AssessmentFrozen(StorageError):
    """The assessment was submitted; its answers and result can no longer change."""


class AssessmentNotFound(StorageError, LookupError):
    pass


class BankVersionChanged(StorageError):
    """The assessment was carried to another bank version since this session loaded it: answers given
    under the old version must not be mixed into it."""


class NotSubmitted(StorageError, ValueError):
    """Only a submitted assessment can be shared read-only: an open one would change under the reader."""
