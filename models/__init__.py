"""Contract types shared by every part of claimflow (contract.md §1–§5), plus policy and registry data.

This package imports nothing else of claimflow's.
"""
