"""The markup the features render: docutils nodes, with HTML visitors and a text fallback."""
