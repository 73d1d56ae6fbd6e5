"""Browser tests: every page loads from the running server, shows its title and no error."""
from __future__ import annotations

import pytest

from tools.appserver import PAGES, open_page


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: f"/{p}")
def test_page_loads_without_error(page, app_url, path):
    open_page(page, f"{app_url}/{path}", PAGES[path])
    exceptions = page.locator('[data-testid="stException"]')
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert exceptions.count() == 0, f"/{path} shows an exception: {exceptions.all_inner_texts()}"
    assert errors.count() == 0, f"/{path} shows an error: {errors.all_inner_texts()}"
    assert page.get_by_role("heading", level=1).all_inner_texts() == [PAGES[path]]
