"""One module per kind of question. Each handler takes the shared Kit and a Query and returns
an Answer, or None when it cannot answer (the engine then tries the next handler)."""
