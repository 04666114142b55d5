"""Error types of the application, each with a message the user can act on."""


class TalentBridgeError(Exception):
    """Base class for errors the application reports to its user."""


class MessageError(TalentBridgeError):
    """An error whose message may be a lazy translation, rendered in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class FormFieldError(MessageError):
    """A MessageError about one form field, named so the form can show it there."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field


class ConfigurationError(TalentBridgeError):
    """The settings are unsafe for the mode the application runs in (production)."""


class RecordFileError(TalentBridgeError):
    """An import file cannot be read at all (missing, a folder, unreadable)."""


class UnknownRecordError(TalentBridgeError):
    """A record named by its external id does not exist."""


class ReindexBusyError(TalentBridgeError):
    """Another re-index run holds the lock."""


class NoIndexError(TalentBridgeError):
    """No search index has been built yet."""


class IndexWriteError(TalentBridgeError):
    """A new search index could not be written (disk full ...); the previous one is still served."""


class EditConflictError(TalentBridgeError):
    """A record changed since the editor read it; saving would overwrite someone else's change."""

    def __init__(self, noun: str, expected: int, current: int) -> None:
        super().__init__(
            f"the {noun} changed since it was read (version {expected}, now {current})"
        )
        self.expected, self.current = expected, current
