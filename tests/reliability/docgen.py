"""Rewrite the generated tables of docs/reliability.md from the case lists of the reliability tests:
    .venv/bin/python -m tests.reliability.docgen
The tests test_docs_list_every_kind and test_docs_list_every_hostile_link fail when they drift.
"""
from __future__ import annotations

from tests.reliability import test_bad_input_catalogue, test_hostile_urls
from tests.reliability.reltools import DOC, ROOT, with_doc_section


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    text = with_doc_section(text, "catalogue", test_bad_input_catalogue.render_table())
    text = with_doc_section(text, "hostile-urls", test_hostile_urls.render_table())
    DOC.write_text(text, encoding="utf-8")
    print(f"rewrote the catalogue ({len(test_bad_input_catalogue.CATALOGUE)} kinds) and the hostile URL "
          f"table ({len(test_hostile_urls.CASES)} cases) in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
