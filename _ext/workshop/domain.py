"""The ``workshop`` domain: everything collected from documents, safe for parallel reads.

All collected data is stored per document (``kind -> docname -> value``), so purging a
document and merging the results of parallel readers are the same two loops for every kind.
"""

from __future__ import annotations

import typing as t

from sphinx.domains import Domain

# What the domain stores, per document. A new kind must be declared here: the kinds are part of
# the stored layout's version (stored_layout.py), so old pickled environments are discarded.
KINDS = frozenset(
    {
        "person",  # records.Person
        "paper",  # records.Paper
        "bibtex",  # the paper's BibTeX entry (str)
        "refs",  # ((kind, target), ...) of the {person} and {paper} roles on the page
        "state_users",  # True: the page shows a date whose state (upcoming, passed) can change
        "listing_users",  # True: the page lists records
        "paper_filter_users",  # True: the page has the paper filter
        "localtime_users",  # True: the page has the local-time toggle
        "schedule_users",  # True: the page shows the program
    }
)


class WorkshopDomain(Domain):
    name = "workshop"
    label = "Workshop"
    initial_data: t.ClassVar[dict] = {"docs": {}}

    @property
    def data_version(self) -> int:  # type: ignore[override]
        """The digest of the stored layout (stored_layout.py), computed when the package loads."""
        from .extension import STORED_LAYOUT_VERSION

        return STORED_LAYOUT_VERSION

    def _kind(self, kind: str) -> dict[str, t.Any]:
        if kind not in KINDS:
            raise ValueError(f"undeclared workshop domain kind {kind!r}: add it to domain.KINDS")
        return self.data["docs"].setdefault(kind, {})

    def put(self, kind: str, docname: str, value: t.Any) -> None:
        self._kind(kind)[docname] = value

    def get(self, kind: str, docname: str) -> t.Any:
        """One document's value, or None; without sorting the whole kind (once per page)."""
        return self.data["docs"].get(kind, {}).get(docname)

    def items(self, kind: str) -> dict[str, t.Any]:
        """``docname -> value`` for one kind, in document order."""
        return dict(sorted(self._kind(kind).items()))

    def note_state_user(self, docname: str) -> None:
        self.put("state_users", docname, True)

    def state_users(self) -> list[str]:
        return list(self.items("state_users"))

    def clear_doc(self, docname: str) -> None:
        for values in self.data["docs"].values():
            values.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for kind, values in otherdata["docs"].items():
            mine = self._kind(kind)
            for docname, value in values.items():
                if docname in docnames:
                    mine[docname] = value

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        from .collections import resolve_record_xref

        return resolve_record_xref(env, fromdocname, builder, typ, target, node, contnode)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []
