"""Planning the complaint path: which stage is due, by when, and where a case stands."""
