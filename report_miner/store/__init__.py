"""Tables to files and databases: the writers (xlsx, SQLite, CSV, JSON Lines) and the incremental
SQLite archive (ingest, export).
"""
