"""report_miner inside other tools: the spaCy component and the Dask engine (optional extras)."""
