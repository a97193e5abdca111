"""The view model: every fact a letter may state, already written in the letter's language."""
