"""Request bodies: what the API accepts as JSON, refusing unknown keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, StringConstraints

from web.records.fields import Name, Short, text
from web.records.schemas import ListingRecord, ProfileRecord


class TokenRequest(BaseModel):
    """E-mail and password to exchange for a token, and a name to recognise the token by."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    email: Annotated[StrictStr, Field(max_length=320)]
    password: Annotated[StrictStr, Field(max_length=1000)]
    name: Annotated[
        StrictStr,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
        Field(description="e.g. 'CI export job'"),
    ] = "api"
    code: Annotated[
        StrictStr | None,
        Field(
            max_length=32,
            description="Accounts with two-factor sign-in: the authenticator app's six-digit "
            "code, or a recovery code.",
        ),
    ] = None


class ProfileInput(ProfileRecord):
    """Your profile as a contract record; `external_id` is assigned by the server and ignored."""

    external_id: Name | None = Field(None, description="Ignored: the server assigns and keeps it.")


class ListingInput(ListingRecord):
    """A listing as a contract record, posted for your own organisation."""

    external_id: Name | None = Field(
        None, description="Optional on POST (the server makes an `h-…` id); must not contain '/'."
    )
    organization: Short | None = Field(
        None,
        description="Ignored unless it names one of your organisations; "
        "needed only if you belong to several.",
    )


# Contact requests ------------------------------------------------------------------------------


class ContactRequestInput(BaseModel):
    """A host asking a person for contact; the person sees the purpose and your badges."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    purpose: Annotated[
        text(2000),
        StringConstraints(strip_whitespace=True, min_length=20),
        Field(description="Why you want to get in touch, 20 to 2000 characters."),
    ]
    listing: Name | None = Field(
        None, description="external_id of one of your organisation's listings it is about."
    )
    organization: Short | None = Field(
        None, description="Needed only if you belong to several approved organisations."
    )
