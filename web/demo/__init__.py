"""Demo data: a deterministic, realistic corpus of profiles and listings."""
