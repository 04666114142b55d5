"""Error types of the application, each with a message the user can act on."""


class TalentBridgeError(Exception):
    """Base class for errors the application reports to its user."""


class RecordFileError(TalentBridgeError):
    """An import file cannot be read at all (missing, a folder, unreadable)."""


class UnknownRecordError(TalentBridgeError):
    """A record named by its external id does not exist."""


class ReindexBusyError(TalentBridgeError):
    """Another re-index run holds the lock."""


class NoIndexError(TalentBridgeError):
    """No search index has been built yet."""
