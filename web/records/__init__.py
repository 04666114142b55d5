"""The contract's JSON Lines records: their schemas, file reading and conversion to models."""
