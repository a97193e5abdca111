"""Example case files, shipped inside the wheel as ``letters.examples`` for ``letters init``."""
