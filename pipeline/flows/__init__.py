"""Prefect flows over the pipeline's stages: intake of one claim, the nightly batch, reprocessing, the daily
report, and the deployments ``claimflow serve`` serves."""
