"""Rendering a view model through a template into the bytes of one letter."""
