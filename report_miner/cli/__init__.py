"""The ``report-miner`` command line (entry point ``report_miner.cli.app:main``)."""
