"""``letters new``: the guided interview that writes a case file."""
