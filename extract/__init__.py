"""extract: header metadata, sections, targets, tasks and agencies from restored plan text.

    from extract import extract_document, Extraction
    ex = extract_document(doc)   # ingest.records.Document with status 'ok'
"""

from extract.core import Extraction, extract_document

__all__ = ["Extraction", "extract_document"]
