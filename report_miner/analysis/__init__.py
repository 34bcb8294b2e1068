"""Applications on the result tables: townships compared, copied passages, section topics, charts."""
