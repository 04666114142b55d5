"""Error types raised by the matching library, each with a message a user can act on."""


class MatcherError(Exception):
    """Base class for every error the matching library raises."""


class EncoderError(MatcherError):
    """The embedding model could not be loaded or used."""


class IndexLoadError(MatcherError):
    """A saved index is missing, corrupt, or does not match what the caller expects."""


class IndexBuildError(MatcherError):
    """An index could not be built or written."""


class IndexQueryError(MatcherError, ValueError):
    """A search was asked with queries or parameters the index cannot answer."""
