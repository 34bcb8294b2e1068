"""The cache folder (report_miner.cache): what a user's odd set-up must never break."""
from __future__ import annotations

from pathlib import Path

from report_miner import cache


def test_cache_dir_without_a_home_folder_falls_back_to_the_temp_folder(tmp_path, monkeypatch):
    """A container run under a bare user id has no HOME and no password entry:
    ``Path.home()`` raises there, and reading the rules must not fail with it."""
    monkeypatch.delenv("REPORT_MINER_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "report_miner"

    import report_miner.ruleset.load as load

    assert load.read_rule_data().records("units", "units")
