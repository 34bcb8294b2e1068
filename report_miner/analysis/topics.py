"""Section topics: one topic list (``rules/topics.yaml``) for sections worded differently.

Rules label the sections whose heading (and opening text) clearly name a topic; a scikit-learn
classifier (TF-IDF over character n-grams + logistic regression), trained on those confident
labels, labels the rest. Each section gets ``topic``, ``topic_label``, ``topic_source``
(``rule`` / ``model`` / ``none``) and ``topic_confidence``.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

HEADING_WEIGHT = 5
BODY_CHARS = 200
MIN_SCORE = 5          # a heading match alone is enough
MIN_MODEL_PROBA = 0.25


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    keywords: regex.Pattern


def load_topics(rules_dir=None) -> tuple[Topic, ...]:
    """The topics of the shipped rules (plus ``rules_dir``): ``RuleSet.load(rules_dir).topics``."""
    from ..ruleset.load import RuleSet

    return RuleSet.load(rules_dir).topics


def rule_topic(heading: str, body: str, topics) -> tuple[str | None, float]:
    """The topic the keywords point to, and its margin over the runner-up (0 when none)."""
    scores = []
    for t in topics:
        # the heading decides; the opening text only tips a heading that names no topic
        body_score = min(MIN_SCORE - 1, len(t.keywords.findall(body[:BODY_CHARS])))
        s = HEADING_WEIGHT * len(t.keywords.findall(heading)) + body_score
        scores.append((s, t.id))
    scores.sort(reverse=True)
    best, runner = scores[0], scores[1] if len(scores) > 1 else (0, None)
    if best[0] >= MIN_SCORE and best[0] > runner[0]:
        return best[1], float(best[0] - runner[0])
    return None, 0.0


def label_sections(sections, texts: dict[str, str], rules_dir: str | None = None):
    """Add topic columns to a sections DataFrame (``texts`` maps source -> text as loaded)."""
    import pandas as pd

    topics = load_topics(rules_dir)
    labels = {t.id: t.label for t in topics}
    df = sections.copy()
    docs, rule_ids = [], []
    n = len(df)
    # plain columns, not iterrows (a Series per row cost seconds at 80,000 sections)
    col = {c: (df[c].tolist() if c in df else [None] * n)
           for c in ("source", "start", "end", "heading_text", "title")}
    for k in range(n):
        text = texts.get(col["source"][k], "")
        body = text[int(col["start"][k]):int(col["end"][k])] if text else ""
        heading = str(col["heading_text"][k] or col["title"][k] or "")
        docs.append(heading + " " + body[:BODY_CHARS])
        rule_ids.append(rule_topic(heading, body, topics))
    del col
    topic = [t for t, _ in rule_ids]
    source = ["rule" if t else "none" for t in topic]
    conf = [1.0 if t else 0.0 for t in topic]
    labelled = [i for i, t in enumerate(topic) if t]
    if len({topic[i] for i in labelled}) >= 2 and len(labelled) < len(topic):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        X = vec.fit_transform(docs)
        clf = LogisticRegression(max_iter=1000, class_weight="balanced")
        clf.fit(X[labelled], [topic[i] for i in labelled])
        rest = [i for i, t in enumerate(topic) if not t]
        proba = clf.predict_proba(X[rest])
        for i, p in zip(rest, proba):
            k = int(p.argmax())
            if p[k] >= MIN_MODEL_PROBA:
                topic[i], source[i], conf[i] = clf.classes_[k], "model", round(float(p[k]), 3)
    df["topic"] = pd.Series(topic, index=df.index, dtype="object")
    df["topic_label"] = [labels.get(t, "") if t else "" for t in topic]
    df["topic_source"] = source
    df["topic_confidence"] = conf
    return df
