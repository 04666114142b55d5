"""OAuth sign-in and linking (ORCID, GitHub) against fake providers."""
