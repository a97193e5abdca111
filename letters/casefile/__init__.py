"""Reading and writing back case files: the model, the loader, the log, the example, the schema."""
