"""The audit desk (``report-miner serve``): a local web application on an ingest archive where
auditors upload reports, read each one with its findings, mark every finding checked,
explained (with a note) or returned to the township, and export the findings with their
status to Excel.

- :mod:`report_miner.web.app`: the Starlette application (pages, JSON API, safety guard);
- :mod:`report_miner.web.deskdb`: the desk's tables in the archive and its queries;
- :mod:`report_miner.web.miner`: mining uploads in background worker processes;
- :mod:`report_miner.web.server`: serving it with uvicorn (what the command runs).

Starlette, uvicorn and python-multipart are imported only when the desk is used.
"""
