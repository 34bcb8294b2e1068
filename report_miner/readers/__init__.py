"""Files to :class:`~report_miner.readers.base.Document`: encodings, .txt, .docx, .pdf, .html,
.doc, folders.
"""
