"""How things look: the docutils nodes of the extension and the markup made from records."""
