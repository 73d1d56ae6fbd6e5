"""Hostile source titles and publishers for the brief tests (see conftest.hostile_db)."""

HOSTILE = {
    "xinhua-20240606": ('Xi said "go" {fast} at 100% & more $ # _ ~ ^ \\ — Кыргызстан, 王毅',
                        "Синьхуа & 新华社 {x}"),
    "kabar-202412": ("Unbalanced } brace { and 50 % of it", None),
}
