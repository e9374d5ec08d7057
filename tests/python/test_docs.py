"""Every model, seed, source, column and macro is documented, and the documentation lists
the columns each model really has (analysts and the DPO read these docs). Both read the
shared published run (conftest `feed`): its dbt manifest and its warehouse."""

import json
import re
from typing import Any

import duckdb
from conftest import Feed


def manifest_of(feed: Feed) -> dict[str, Any]:
    return json.loads((feed.work / "target" / "manifest.json").read_text())


def documented_nodes(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")]
    return nodes + list(manifest["sources"].values())


def test_every_model_seed_source_and_column_has_a_description(feed: Feed) -> None:
    missing = []
    for node in documented_nodes(manifest_of(feed)):
        name = node["unique_id"]
        if not node["description"].strip():
            missing.append(name)
        if not node["columns"]:
            missing.append(f"{name}: no columns documented")
        missing += [f"{name}.{c}" for c, v in node["columns"].items() if not v["description"]]
    assert missing == []


def test_every_project_macro_and_its_arguments_are_documented(feed: Feed) -> None:
    macros = [
        macro for macro in manifest_of(feed)["macros"].values() if macro["package_name"] == "hodh"
    ]
    assert len(macros) > 50
    undocumented = [m["name"] for m in macros if not m["description"].strip()]
    bare_arguments = [
        f"{m['name']}.{a['name']}" for m in macros for a in m["arguments"] if not a["description"]
    ]
    assert (undocumented, bare_arguments) == ([], [])


def test_documented_columns_are_the_columns_built(feed: Feed) -> None:
    """Against the warehouse the run built: the yml lists each model's real columns."""
    with duckdb.connect(str(feed.warehouse), read_only=True) as connection:
        built = {}
        for schema, table, column in connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall():
            built.setdefault((schema, table), []).append(column)
    mismatched, compared = {}, 0
    for node in manifest_of(feed)["nodes"].values():
        if node["resource_type"] != "model" or node["config"]["materialized"] == "ephemeral":
            continue
        declared = list(node["columns"])
        actual = built[(node["schema"], node["alias"])]
        compared += 1
        if sorted(declared) != sorted(actual):
            mismatched[node["name"]] = sorted(set(declared) ^ set(actual))
    assert mismatched == {}
    assert compared >= 30  # staging, intermediate, marts and audit models were all read


def test_the_docs_open_on_the_projects_overview_and_headings_render(feed: Feed) -> None:
    """dbt docs open on this project's overview (not dbt's welcome page), and every
    heading of a docs block starts a line of its description, so it renders as a
    heading, not as a literal `##` inside a sentence."""
    manifest = manifest_of(feed)
    overview = manifest["docs"]["doc.hodh.__overview__"]["block_contents"]
    assert "Where the privacy policy lives" in overview
    descriptions = {
        f"{node['unique_id']}{'.' + name if name else ''}": description
        for node in documented_nodes(manifest)
        for name, description in [
            ("", node["description"]),
            *((c, v["description"]) for c, v in node["columns"].items()),
        ]
    }
    with_headings = {name: text for name, text in descriptions.items() if "##" in text}
    assert with_headings  # the blocks are used: the check below sees them
    inline = [name for name, text in with_headings.items() if re.search(r"[^\s][ \t]*#{2,} ", text)]
    assert inline == []
