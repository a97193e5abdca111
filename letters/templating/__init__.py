"""Templates: the search path (user folders first, built-ins last) and the template check."""
