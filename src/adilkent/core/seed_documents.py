"""The five documents of the directorate's work that services, programmes and units are
written from (``../shared/seeds``), by file name: their title as the document writes it (in its
own language), or, where a document has no title, what it is.

Pages show these instead of file names and link to the sources page, which lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SeedDocument:
    file: str
    number: str
    title: str  # as the document writes it, in ``language``; "" where it has none
    language: str  # "" for a document in two languages
    about: Promise  # what the document is, in the reader's language

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


SEED_DOCUMENTS: dict[str, SeedDocument] = {
    d.file: d
    for d in (
        SeedDocument(
            "000_88ae8307bedfd481.txt",
            "000",
            "Directorate of Urban Justice and Equality",
            "en",
            _("The directorate's description of its own work and programmes."),
        ),
        SeedDocument(
            "001_b121f0e98322c50f.txt",
            "001",
            "Cittaslow Metropolis Checklist: Good Governance",
            "en",
            _(
                "The good-governance checklist of the Cittaslow Metropolis model, with İzmir's projects."
            ),
        ),
        SeedDocument(
            "002_ffee0a72a8ef312a.txt",
            "002",
            "Büyükşehir ile BM arasında işbirliği mutabakatı",
            "tr",
            _(
                "A local news article of 10 June 2021 on the agreement between the metropolitan municipality and UNHCR."
            ),
        ),
        SeedDocument(
            "003_c146d4b59759c9e9.txt",
            "003",
            "",
            "",  # Turkish and English halves
            _(
                "The page of a project led by WRI Türkiye and funded by the European Commission, in Turkish and English."
            ),
        ),
        SeedDocument(
            "004_5bea3067f9f1c141.txt",
            "004",
            "",
            "tr",
            _("A news article on the metropolitan municipality's projects for women and children."),
        ),
    )
}


def seed_document_split(text: str) -> tuple[SeedDocument | None, str]:
    """The seed document a source text starts with (a file name, maybe followed by a quote),
    and the rest of the text; ``(None, text)`` when it names no seed document."""
    for file, document in SEED_DOCUMENTS.items():
        if text.startswith(file):
            return document, text[len(file) :].lstrip(":").strip()
    return None, text
