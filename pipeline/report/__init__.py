"""The daily report: figures from the claim database, rendered as JSON and as HTML with SVG charts."""
