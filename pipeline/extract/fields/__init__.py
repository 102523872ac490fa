"""Key-field extraction: value parsers, label synonyms and geometric label→value pairing."""
