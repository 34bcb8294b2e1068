"""Which characters a rule pattern cannot match without: a cheap test before a whole-text scan.

Most rule patterns never match a given report (a clock time, a document number, a slot after
辖 …), yet scanning a text with each costs as much as a scan that finds something. A pattern
whose every match must contain one of the characters 分 or 钟, say, cannot match a text that
holds neither, so the scan can be skipped: the rows are the same, only cheaper.

:func:`required_sets` reads a pattern (the stdlib parser is used for reading only; the pattern
itself stays compiled by ``regex``) and returns character sets of which a match must contain at
least one member each. Anything it does not fully understand (``\\p{Han}``, ``\\d``, negated
classes, case-insensitive flags, …) simply adds no requirement, so the test is conservative:
it may scan a text needlessly, never skip one that could match.

>>> required_sets("(?<=辖|下辖)(?P<slot>)(?P<unit>村|社区)") == [set("辖下"), set("村社")]
True
>>> may_match(required_sets("\\\\d+分钟"), set("开会三小时"))
False
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_UNKNOWN = "\ue000"  # stands for a construct the reader does not expand (\p{Han}, ...)
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_MAX_RANGE = 512

_REPEATS = {getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n)}

# ----------------------------------------------------------------------------- answers kept
# Reading a pattern (the stdlib parser) is the costly step of every function below, and a
# fresh process asks them about the same few hundred rule patterns each time (an eighth of
# start-up). Their answers depend on the pattern's text and flags alone, so they are kept in
# the cache folder (report_miner.cache) next to this module's own hash and Python's version,
# read once per process and written back by :func:`keep_answers` when new ones were found.

_answers: dict | None = None  # (function, pattern, flags) -> answer
_asked: set = set()  # the keys this process asked (written back when the file grew too large)
_new_answers = False
_MAX_KEPT_ANSWERS = 4096


def _answers_name() -> str | None:
    """The cache file of the answers: keyed by this module's own source and Python's version
    (the stdlib parser the answers come from)."""
    import hashlib
    import sys

    try:
        with open(__file__, "rb") as fh:
            own = fh.read()
    except OSError:
        return None
    return f"prefilter-{hashlib.sha256(own + sys.version.encode('utf-8')).hexdigest()[:16]}.pickle"


def _load_answers() -> dict:
    global _answers
    if _answers is None:
        from ..cache import read_pickle  # noqa: PLC0415

        name = _answers_name()
        kept = read_pickle(name) if name else None
        _answers = kept if isinstance(kept, dict) else {}
    return _answers


def _remembered(fn):
    """``fn(pattern, flags)`` with its answers kept (see above)."""
    import functools

    name = fn.__name__

    @functools.wraps(fn)
    def ask(pattern: str, flags: int = 0):
        global _new_answers
        answers = _load_answers()
        key = (name, pattern, int(flags))
        _asked.add(key)
        try:
            answer = answers[key]
        except KeyError:
            answer = answers[key] = fn(pattern, flags)
            _new_answers = True
        return list(answer) if type(answer) is list else answer  # a caller's own list
    return ask


def keep_answers() -> None:
    """Write the answers found in this process to the cache folder, if there are new ones
    (called once a rule set's scanners are built). A file grown past
    :data:`_MAX_KEPT_ANSWERS` (patterns of many rule folders) keeps only this process's."""
    global _new_answers
    if not _new_answers or _answers is None:
        return
    from ..cache import keep_pickle  # noqa: PLC0415

    name = _answers_name()
    if name is None:
        return
    _new_answers = False  # what other threads find from here on is written next time
    # copies taken in one step each (no Python code runs inside them): the desk's request
    # threads may add answers while these are pickled
    answers, asked = dict(_answers), set(_asked)
    kept = answers if len(answers) <= _MAX_KEPT_ANSWERS else {k: answers[k] for k in asked if k in answers}
    if not keep_pickle(name, kept):
        _new_answers = True


def parse(pattern: str, flags: int = 0):
    """The standard library parser's tree of ``pattern`` (``flags``: only ``re.VERBOSE`` is
    passed on), ``\\p{…}`` read as one character no text holds (:data:`_UNKNOWN`) and named
    groups as plain ones (``regex`` allows a name twice); None when the stdlib cannot read it
    (syntax only ``regex`` knows). Every reader in this module starts here."""
    src = _NAMED_GROUP.sub("(", _PROPERTY.sub(_UNKNOWN, pattern))
    try:
        return _p.parse(src, flags & re.VERBOSE)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows
        return None


def class_chars(items) -> set[str] | None:
    """The characters a parsed character class (``[…]``, the items of an ``IN`` node) holds,
    or None when it holds some the reader does not expand (a negation, ``\\d``, a range
    wider than :data:`_MAX_RANGE`, ``\\p{…}``)."""
    chars: set[str] = set()
    for iop, iav in items:
        if iop is _c.LITERAL and iav != ord(_UNKNOWN):
            chars.add(chr(iav))
        elif iop is _c.RANGE and iav[1] - iav[0] < _MAX_RANGE:
            chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range, an unknown
            return None
    return chars


@_remembered
def required_sets(pattern: str, flags: int = 0) -> list[frozenset[str]]:
    """Character sets a match of ``pattern`` must touch, one member of each (see module doc).

    Returns ``[]`` (no requirement: always scan) when the pattern cannot be read."""
    if flags & re.IGNORECASE:
        return []
    tree = parse(pattern, flags)
    if tree is None:  # syntax only the regex module knows: no requirement
        return []
    if tree.state.flags & re.IGNORECASE:  # an inline (?i)
        return []
    out = []
    for s in _seq(tree):
        if _UNKNOWN not in s and s not in out:
            out.append(s)
    return out


def key_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The smallest of :func:`required_sets` (one ``isdisjoint`` test skips most scans that
    would find nothing), or None when the pattern requires nothing readable.

    >>> sorted(key_chars("(?:[0-9]+|[一二三]+)周年"))
    ['周']
    """
    sets = required_sets(pattern, flags)
    return min(sets, key=len) if sets else None


def may_match(required: list[frozenset[str]], chars: set[str] | frozenset[str]) -> bool:
    """Can a pattern with these ``required`` sets match a text made of ``chars``?"""
    for s in required:
        if s.isdisjoint(chars):
            return False
    return True


def _seq(items) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for op, av in items:
        out.extend(_node(op, av))
    return [s for s in out if _UNKNOWN not in s]


def _node(op, av) -> list[frozenset[str]]:
    if op is _c.LITERAL:
        return [frozenset(chr(av))]
    if op is _c.IN:
        chars = class_chars(av)
        return [frozenset(chars)] if chars else []
    if op is _c.SUBPATTERN:
        return [] if av[1] & re.IGNORECASE else _seq(av[-1])
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    if op in _REPEATS:
        return _seq(av[2]) if av[0] >= 1 else []
    if op is _c.ASSERT:  # a lookahead or lookbehind that must hold: its characters are there
        return _seq(av[1])
    if op is _c.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            sets = _seq(alt)
            if not sets:
                return []
            union.update(min(sets, key=len))
        return [frozenset(union)]
    return []  # ANY, NOT_LITERAL, AT, ASSERT_NOT, GROUPREF, CATEGORY, ...


def top_branches(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (outside every group and class).

    >>> top_branches(r"\\d+分钟|(?:a|b)[|]c")
    ['\\\\d+分钟', '(?:a|b)[|]c']
    """
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a ] first in a class is a character
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def consumes_literal(pattern: str) -> bool:
    """Does every match of ``pattern`` consume a fixed character or one of a few fixed words at
    the pattern's top level (``\\d+分钟``: 分; ``(?:阅读|点击)\\d+``)? The ``regex`` engine then
    finds candidates by searching for that text, or tries few of them, which is many times
    faster than trying the pattern at every position; an alternation of such branches loses
    that (each branch has its own text).

    >>> consumes_literal(r"\\d+分钟"), consumes_literal(r"(?:阅读|点击)\\d+"), consumes_literal(r"(?<=中共)(?=委)")
    (True, True, False)
    >>> consumes_literal(r"\\d+(?:部(?:门|分)|组织)")
    False
    """
    tree = parse(pattern)
    if tree is None:
        return False
    return any(_fixed_text(op, av) for op, av in tree)


def _fixed_text(op, av) -> bool:
    """A character, or a group of words (``(?:阅读|点击)``): text the engine can look for."""
    if op is _c.LITERAL:
        return av != ord(_UNKNOWN)
    if op is _c.BRANCH:  # (?:阅读|点击), flattened by the parser
        return all(alt and all(o is _c.LITERAL and a != ord(_UNKNOWN) for o, a in alt) for alt in av[1])
    if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
        items = list(av[-1])
        if len(items) == 1 and items[0][0] is _c.BRANCH:
            return all(alt and all(o is _c.LITERAL and a != ord(_UNKNOWN) for o, a in alt)
                       for alt in items[0][1][1])
        return bool(items) and all(o is _c.LITERAL and a != ord(_UNKNOWN) for o, a in items)
    return False


@_remembered
def preceding_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Characters of which one must stand right before every match of ``pattern``, read off
    the look-behinds each top-level alternative opens with (``(?<=[为是])…|(?<=率)…``: 为, 是,
    率), or None when some alternative opens otherwise (a consumed character, ``^``, a
    look-behind the reader cannot expand).

    A pattern whose alternatives each open with look-behinds of their own makes the ``regex``
    engine try every alternative at every position; ``(?<=[union])(?:pattern)`` finds the same
    matches (the union holds whatever character any alternative needs before it) and rejects
    most positions with one test (see :func:`guarded`).

    >>> sorted(preceding_chars("(?<=[为是])(?<=率为|率是)(?P<slot>)|(?<=率)(?P<slot>)(?=,)"))
    ['为', '是', '率']
    >>> preceding_chars("(?<=^|[于在])(?P<slot>)月") is None  # a match may start the text
    True
    """
    if flags & re.IGNORECASE:
        return None
    tree = parse(pattern, flags)
    if tree is None or tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _before(list(tree))
    return frozenset(found) if found else None


def guarded(pattern: str, flags: int = 0) -> str:
    """``pattern`` behind a look-behind of its :func:`preceding_chars` when it has some
    (the same matches, found faster), else ``pattern`` itself.

    >>> guarded("(?<=[为是])(?P<slot>)|(?<=率)(?P<slot>)")
    '(?<=[为是率])(?:(?<=[为是])(?P<slot>)|(?<=率)(?P<slot>))'
    """
    chars = preceding_chars(pattern, flags)
    if chars is None or _GLOBAL_FLAGS.match(pattern):
        return pattern  # none known, or global inline flags that must stay first
    return "(?<=[" + "".join(_class_char(c) for c in sorted(chars)) + "])(?:" + pattern + ")"


_GLOBAL_FLAGS = re.compile(r"\(\?[A-Za-z0-9]+\)")


# a group of plain words: (?:人民|人员|…), nothing but literal characters and | inside
_WORD_GROUP = re.compile(r"\(\?:([^\\^$.|?*+()\[\]{}]+(?:\|[^\\^$.|?*+()\[\]{}]+)+)\)")


def factor_word_groups(pattern: str) -> str:
    """``pattern`` with each group of plain words (``(?:人民|人员|户籍|…)``) whose words are
    prefix-free (no word is the start of another) written as a tree of shared first characters
    (:func:`report_miner.ruleset.load.literal_alternation`: ``(?:人[民员]|户籍|…)``).

    The matches are the same: at one position at most one word of a prefix-free set fits, so
    the order of the alternatives never decides, and the engine tries one branch per
    character instead of every word. Groups whose words are not prefix-free (``(?:人|人员)``,
    where the order decides), groups inside a character class and patterns with inline flags
    are left as written.

    >>> factor_word_groups("[,;](?:个别|个体|名单)")
    '[,;](?:个[体别]|名单)'
    >>> factor_word_groups("(?:人|人员)")  # 人 is the start of 人员: the order decides
    '(?:人|人员)'
    """
    if "(?" in pattern.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace(
            "(?<=", "").replace("(?<!", "").replace("(?P<", "").replace("(?>", ""):
        return pattern  # inline flags ((?i), (?x)) or syntax this reader does not know
    from ..ruleset.load import literal_alternation  # noqa: PLC0415 - load imports the miner lazily

    out, i, n, in_class = [], 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                out.append(pattern[i:i + 2])  # a ] right after [ (or [^) is a member
                i += 2
                continue
        elif ch == "(":
            m = _WORD_GROUP.match(pattern, i)
            if m is not None:
                words = m.group(1).split("|")
                ordered = sorted(set(words))
                if not any(b.startswith(a) for a, b in zip(ordered, ordered[1:])):
                    out.append(literal_alternation(words))
                    i = m.end()
                    continue
        out.append(ch)
        i += 1
    return "".join(out)


def _class_char(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else ("\\n" if c == "\n" else ("\\t" if c == "\t" else c))


def _empty_group(op, av) -> bool:
    return op is _c.SUBPATTERN and not list(av[-1])


def _last_chars(seq) -> set[str] | None:
    """What the last character a match of ``seq`` consumes is one of (None: not known, or
    the match may be empty)."""
    items = [it for it in seq]
    while items and (items[-1][0] in (_c.ASSERT, _c.ASSERT_NOT) or _empty_group(*items[-1])):
        items.pop()  # zero-width at the end: the character before it is the last one
    if not items:
        return None
    op, av = items[-1]
    if op is _c.LITERAL:
        return None if av == ord(_UNKNOWN) else {chr(av)}
    if op is _c.IN:
        return class_chars(av)
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _last_chars(av[-1])
    if op is _c.BRANCH:
        out = set()
        for alt in av[1]:
            s = _last_chars(alt)
            if s is None:
                return None
            out |= s
        return out
    if op in _REPEATS and av[0] >= 1:
        return _last_chars(av[2])
    return None


@_remembered
def last_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    r"""Characters of which one is the last character every match of ``pattern`` consumes, or
    None when the reader cannot tell (a class it does not expand, ``\p{…}``, a
    case-insensitive flag) or a match may be empty. An optional part at the end adds its
    characters to those of what comes before it. A caller that needs a match ending at ``pos``
    may skip the search when ``text[pos - 1]`` is none of them.

    >>> sorted(last_chars("(?:以上)?(?:共计|共)(?:为|达到?)?"))
    ['为', '共', '到', '计', '达']
    >>> last_chars(r"共计\d*") is None  # ends in a digit, which the reader does not expand
    True
    """
    if flags & re.IGNORECASE:
        return None
    tree = parse(pattern, flags)
    if tree is None or tree.state.flags & re.IGNORECASE:
        return None
    found, may_be_empty = _ends(list(tree))
    return None if found is None or may_be_empty else frozenset(found)


def _ends(seq) -> tuple[set[str] | None, bool]:
    """What the last character a match of ``seq`` consumes is one of (None: not known), and
    whether the match may be empty."""
    out: set[str] = set()
    for op, av in reversed(list(seq)):
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT) or _empty_group(op, av):
            continue  # zero-width: the character before it is the last one
        if op is _c.LITERAL:
            if av == ord(_UNKNOWN):
                return None, False
            found, empty = {chr(av)}, False
        elif op is _c.IN:
            found, empty = class_chars(av), False
        elif op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, False
            found, empty = _ends(av[-1])
        elif op is _c.BRANCH:
            found, empty = set(), False
            for alt in av[1]:
                s, e = _ends(alt)
                if s is None:
                    return None, False
                found |= s
                empty = empty or e
        elif op in _REPEATS:
            if av[1] == 0:
                continue  # repeated at most 0 times: consumes nothing
            found, empty = _ends(av[2])
            empty = empty or av[0] == 0
        else:  # any character, a category, a backreference …
            return None, False
        if found is None:
            return None, False
        out |= found
        if not empty:
            return out, False
    return out, True


def _before(seq) -> set[str] | None:
    """What the character before a match of ``seq`` is one of, from the look-behinds it opens
    with (before it consumes anything), or None."""
    best = None
    for op, av in seq:
        found = None
        if op is _c.ASSERT and av[0] == -1:  # a look-behind: the last character it reads
            found = _last_chars(av[1])
        elif op is _c.ASSERT or op is _c.ASSERT_NOT or _empty_group(op, av):
            continue  # zero-width: the next item still starts at the match's start
        elif op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _before(av[-1])
        elif op is _c.BRANCH:
            found = set()
            for alt in av[1]:
                s = _before(alt)
                if s is None:
                    found = None
                    break
                found |= s
        if found is not None and (best is None or len(found) < len(best)):
            best = found
        if not (op is _c.ASSERT and av[0] == -1):
            break  # anything else consumes (or may): no look-behind after it counts
    return best
