"""Built-in letter templates, shipped inside the wheel as ``letters.builtin_templates``."""
