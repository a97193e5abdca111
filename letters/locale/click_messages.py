"""Click's own words that ``letters`` shows (usage lines, option lists, its errors), for the catalog.

Never called: Babel's extraction reads these ``_()`` calls so that the catalog holds click's
messages too, and :func:`letters.locale.translate_click` makes click look them up there.
The texts are click's exactly (click 8), placeholders included.
"""

from __future__ import annotations

from letters.locale import _, ngettext


def _click_messages() -> None:  # pragma: no cover - read by the extraction, not run
    _("Usage:")
    _("Options")
    _("Commands")
    _("Positional arguments")
    _("Show this message and exit.")
    _("Show the version and exit.")
    _("%(prog)s, version %(version)s")
    _("Error: {message}")
    _("Try '{command} {option}' for help.")
    _("Invalid value: {message}")
    _("Invalid value for {param_hint}: {message}")
    _("Missing argument")
    _("Missing option")
    _("Missing parameter")
    _("Missing {param_type}")
    _("Missing parameter: {param_name}")
    _("Missing command.")
    _("No such option {name!r}.")
    _("No such command {name!r}.")
    _("Aborted!")
    _("default: {default}")
    _("env var: {var}")
    _("(dynamic)")
    _("deprecated")
    _("Option {name!r} does not take a value.")
    _("Argument {name!r} takes {nargs} values.")
    _("{value!r} is not a valid {number_type}.")
    _("{value} is not in the range {range}.")
    _("{value!r} is not a valid boolean. Recognized values: {states}")
    _("file")
    _("directory")
    _("path")
    _("{name} {filename!r} does not exist.")
    _("{name} {filename!r} is a file.")
    _("{name} {filename!r} is a directory.")
    _("{name} {filename!r} is not readable.")
    _("{name} {filename!r} is not writable.")
    _("Could not open file {filename!r}: {message}")
    _("Choose from:\n\t{choices}")
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)
