"""The cache folder (report_miner.cache): what a user's odd set-up must never break."""
from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest

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
    assert cache.cache_dir().parent == tmp_path

    import report_miner.ruleset.load as load

    assert load.read_rule_data().records("units", "units")


def test_cache_dir_from_many_threads_is_always_the_chosen_folder(tmp_path, monkeypatch):
    """The desk's request threads share one pid: their probe files must not be each other's
    (one thread removing another's probe made that thread skip REPORT_MINER_CACHE and write
    into the home folder)."""
    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path))
    got: list = []
    start = threading.Barrier(8)

    def ask():
        start.wait()
        for _ in range(200):
            got.append(cache.cache_dir())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(got) == {tmp_path / "report_miner"}


def test_write_atomically_from_many_threads_leaves_one_whole_file(tmp_path):
    """Threads of one process writing the same cache file never share a temporary file: each
    write either lands whole or not at all, and none fails."""
    path = tmp_path / "x.pickle"
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    errors: list = []
    start = threading.Barrier(8)

    def write(data):
        start.wait()
        for _ in range(20):
            try:
                cache.write_atomically(path, data)
            except OSError as e:  # pragma: no cover - the failure this test is about
                errors.append(e)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert path.read_bytes() in payloads
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners only where the system has them")
def test_cache_file_swapped_after_its_check_is_not_unpickled(tmp_path, monkeypatch):
    """In a folder others can write (the shared temp fallback), a file swapped in between the
    check of its owner and mode and the opening must not be read: the check is made on the file
    as opened."""
    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    good = load.read_rule_data(cache=False)
    load.read_rule_data()
    (kept,) = (tmp_path / "cache" / "report_miner").glob("rules-*.pickle")
    key = pickle.loads(kept.read_bytes())[0]
    evil_files = {n: dict(secs) for n, secs in good.files.items()}
    evil_files["units"]["units"] = [dict(r, forms=["邪"]) for r in good.files["units"]["units"]]
    evil = tmp_path / "evil.pickle"
    evil.write_bytes(pickle.dumps((key, evil_files, {})))
    os.chmod(evil, 0o666)  # anyone could have written it

    real_stat = os.stat

    def stat_then_swap(p, *a, **k):  # the other user's rename, just after the check
        st = real_stat(p, *a, **k)
        if str(p) == str(kept) and evil.exists():
            os.replace(evil, kept)
        return st

    monkeypatch.setattr(os, "stat", stat_then_swap)
    data = load.read_rule_data()
    monkeypatch.setattr(os, "stat", real_stat)
    assert "邪" not in {f for r in data.records("units", "units") for f in r.forms}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_cache_file_that_is_a_pipe_is_not_waited_for(tmp_path):
    """A pipe (or a folder) left under a cache file's name is no cache file: never read, and
    never waited on."""
    os.mkfifo(tmp_path / "rules-v1-x.pickle")
    (tmp_path / "lexicon-x.pickle").mkdir()
    assert cache.read_trusted(tmp_path / "rules-v1-x.pickle") is None
    assert cache.read_trusted(tmp_path / "lexicon-x.pickle") is None
    assert cache.read_trusted(tmp_path / "missing.pickle") is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="shared folders with owners")
def test_cache_names_planted_as_links_do_not_write_through_them(tmp_path, monkeypatch):
    """In a folder others can write, the probe and the temporary file of a write had names
    anyone could foresee (pid, thread): a link planted under such a name made the user's
    process empty or overwrite the file it pointed to. Temporary files are now made new, never
    opened through an existing name."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file", encoding="utf-8")
    folder = tmp_path / "cache" / "report_miner"
    folder.mkdir(parents=True)
    suffix = f"{os.getpid()}.{threading.get_ident()}"
    for name in (f".w{os.getpid()}", f".w{suffix}", f".x.pickle.{os.getpid()}.tmp", f".x.pickle.{suffix}.tmp"):
        os.symlink(victim, folder / name)
    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    assert cache.cache_dir() == folder
    cache.write_atomically(folder / "x.pickle", b"cache bytes")
    assert victim.read_text(encoding="utf-8") == "the user's own file"
    assert (folder / "x.pickle").read_bytes() == b"cache bytes"
    assert oct(os.stat(folder / "x.pickle").st_mode & 0o777) == "0o644"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="shared folders with owners")
def test_temp_fallback_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    """The temp-folder fallback is shared by every user of the machine: a folder there that
    another user made (or made writable to all) is not used; the user gets their own."""
    monkeypatch.delenv("REPORT_MINER_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(cache, "_home_cache", lambda: [])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    got = cache.cache_dir()
    assert got is not None and got.parent == tmp_path
    os.chmod(got, 0o777)  # anyone may now rename files in it
    assert cache.cache_dir() != got


def test_no_writable_cache_folder_mines_the_same_rows(monkeypatch):
    """With no cache folder that can be written (a read-only home and temp folder), the
    segmenter used jieba's whole dictionary instead of the table it builds for the cache, and
    cut other words: 非婚生育人 read as ...育人, the missing number before 人 was lost. The
    same table is now built for the process."""
    from report_miner import mine_text
    from report_miner.ruleset.load import RuleSet, read_rule_data

    text = "本季度政策外生育5人,其中非婚生育人、多孩生育2人。"
    with_cache = mine_text(text, rules=RuleSet(read_rule_data())).blanks
    monkeypatch.setattr(cache, "cache_dir", lambda: None)
    without = mine_text(text, rules=RuleSet(read_rule_data())).blanks
    assert list(with_cache["start"]) == [17]
    assert without[["start", "end", "rule"]].values.tolist() == with_cache[["start", "end", "rule"]].values.tolist()
