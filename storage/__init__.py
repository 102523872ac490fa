"""Where claims and results are kept: the object store (folder or S3) and the claim database."""
