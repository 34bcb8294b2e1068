"""The mining stages: normalise → figures → blanks → structure → audit, with the number parser and
the context segmenter they share.
"""
