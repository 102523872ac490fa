"""Validation: the checklist, the rules of contract §4 and the benefit amounts, on the models only."""
