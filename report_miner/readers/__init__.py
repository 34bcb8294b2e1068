"""Files to :class:`~report_miner.readers.load.Document`: encodings, .txt, .docx, .pdf, .html,
.doc, folders.
"""
