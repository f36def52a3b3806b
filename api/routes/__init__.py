"""One router per resource; each handler calls the library and returns a response model."""
