from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.core.catalog_loader import read_catalog
from app.core.coverage import coverage_markdown
from tests.helpers import REPO, run_cli

SHIPPED = REPO / "checklists"


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    cat, problems = read_catalog(SHIPPED)
    assert problems == [], "\n".join(map(str, problems))
    return cat


def test_shipped_catalog_is_valid(shipped) -> None:  # type: ignore[no-untyped-def]
    for sector in ("gas", "fire", "mines", "roads"):
        assert sector in shipped.sectors
        for st in shipped.site_types_of(sector):
            assert shipped.items_for(sector, st.id), f"{st.id} has no items"
    assert shipped.common_items()


def test_every_citation_and_link_resolves(shipped) -> None:  # type: ignore[no-untyped-def]
    for item in shipped.items.values():
        assert item.basis or item.legal, item.id  # a notice asking for it, or the law requiring it
        for c in item.basis:
            assert c.source_id in shipped.sources, (item.id, c)
            assert c.clause
        for cid in item.criteria:
            assert cid in shipped.criteria
            assert shipped.criteria[cid].standard_id in shipped.standards


def test_criteria_are_versioned_and_marked(shipped) -> None:  # type: ignore[no-untyped-def]
    for std in shipped.standards.values():
        assert std.doc_no and std.name
    assert {c.verified for c in shipped.criteria.values()} <= {"V", "S", "K"}
    assert any(s.superseded for s in shipped.standards.values())  # GB 35181-2017


def test_coverage_file_matches_the_command(shipped) -> None:  # type: ignore[no-untyped-def]
    assert (SHIPPED / "COVERAGE.md").read_text(encoding="utf-8") == coverage_markdown(shipped)


def _broken_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "checklists"
    shutil.copytree(SHIPPED, root)
    path = root / "sectors" / "gas.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _messages(root: Path) -> list[str]:
    return [str(p) for p in read_catalog(root)[1]]


def test_validator_names_file_item_and_field(tmp_path: Path) -> None:
    def edit(d):  # type: ignore[no-untyped-def]
        first, second = d["items"][0], d["items"][1]
        first["basis"][0]["source"] = "nowhere-2030"
        first["site_types"] = ["gas-spaceport"]
        first["criteria"] = ["no-such-clause"]
        second["text"] = ""
        d["items"].append(dict(d["items"][2]))  # duplicate id

    root = _broken_copy(tmp_path, edit)
    msgs = _messages(root)
    data = yaml.safe_load((root / "sectors" / "gas.yaml").read_text(encoding="utf-8"))
    first, second, dup = data["items"][0]["id"], data["items"][1]["id"], data["items"][2]["id"]
    f = "sectors/gas.yaml"
    assert any(m.startswith(f"{f}:{first}:basis:") and "nowhere-2030" in m for m in msgs)
    assert any(m.startswith(f"{f}:{first}:site_types:") and "gas-spaceport" in m for m in msgs)
    assert any(m.startswith(f"{f}:{first}:criteria:") for m in msgs)
    assert any(m.startswith(f"{f}:{second}:text:") for m in msgs)
    assert any(m.startswith(f"{f}:{dup}:id:") and "重复" in m for m in msgs)


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    root = tmp_path / "checklists"
    shutil.copytree(SHIPPED, root)
    (root / "sectors" / "fire.yaml").write_text("sector: {id: fire\nitems: [", encoding="utf-8")
    msgs = _messages(root)
    assert any(m.startswith("sectors/fire.yaml:-:yaml:") and "行" in m for m in msgs)


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    ok = run_cli("checklists", "validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    root = _broken_copy(tmp_path, lambda d: d["items"][0].update(method=["拍脑袋"]))
    bad = run_cli("checklists", "validate", "--root", str(root))
    assert bad.returncode == 1
    assert "sectors/gas.yaml:" in bad.stdout and "拍脑袋" in bad.stdout
    assert "Traceback" not in bad.stderr


TEST_CATALOG = REPO / "tests" / "data" / "catalog"


def _strict_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "catalog"
    shutil.copytree(TEST_CATALOG, root)
    path = root / "sectors" / "gas.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_strict_validator_requires_hazard_and_legal_basis(tmp_path: Path) -> None:
    assert read_catalog(TEST_CATALOG, strict=True)[1] == []

    def edit(d):  # type: ignore[no-untyped-def]
        d["items"][0].pop("hazard")
        d["items"][1].pop("legal", None)
        d["items"][1].pop("legal_missing", None)
        d["items"][2]["legal"] = ["aqsc-2021-999"]
        d["items"][3]["legal"] = ["aqsc-2021-41"]  # and still a legal_missing reason

    root = _strict_copy(tmp_path, edit)
    msgs = [str(p) for p in read_catalog(root, strict=True)[1]]
    f = "sectors/gas.yaml"
    assert any(m.startswith(f"{f}:GAS-001:hazard:") for m in msgs), msgs
    assert any(m.startswith(f"{f}:GAS-002:legal:") and "法律依据" in m for m in msgs), msgs
    assert any(m.startswith(f"{f}:GAS-003:legal:") and "aqsc-2021-999" in m for m in msgs), msgs
    assert any(m.startswith(f"{f}:GAS-004:legal_missing:") for m in msgs), msgs
    # an unknown provision is refused even outside strict mode
    assert any("aqsc-2021-999" in str(p) for p in read_catalog(root, strict=False)[1])


def test_strict_validator_requires_criteria_links(tmp_path: Path) -> None:
    root = _strict_copy(tmp_path, lambda d: [it.pop("criteria", None) for it in d["items"]])
    msgs = [str(p) for p in read_catalog(root, strict=True)[1]]
    assert any(m.startswith("criteria:gas-2023-") and ":note:" in m for m in msgs), msgs


def test_laws_areas_and_printing(tmp_path: Path) -> None:
    cat, problems = read_catalog(TEST_CATALOG, strict=True)
    assert problems == []
    item = cat.items["GAS-003"]
    assert cat.legal_text(item) == "《安全生产法》第三十六条第四款"
    assert cat.basis_text(item) == "沁政发〔2025〕1号 （十一）；《安全生产法》第三十六条第四款"
    assert cat.notice_text(item, source_ids=set()) == ""
    assert cat.sources["qin-2025"].area == "140521" and cat.sources["qin-2025"].year == 2025
    assert cat.areas["140521"].parent == "140500"
    root = tmp_path / "catalog"
    shutil.copytree(TEST_CATALOG, root)
    areas = root / "areas.yaml"
    areas.write_text(areas.read_text(encoding="utf-8").replace('parent: "140500"', 'parent: "149900"'))
    src = root / "sources.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace('area: "140521"', 'area: "14052"'))
    msgs = [str(p) for p in read_catalog(root)[1]]
    assert any(m.startswith("areas.yaml:140521:parent:") for m in msgs), msgs
    assert any(m.startswith("sources.yaml:qin-2025:area:") and "6位" in m for m in msgs), msgs


def test_an_item_may_rest_on_the_law_alone(tmp_path: Path) -> None:
    """A notice clause that only names the topic is no basis: such an item keeps its legal
    provision and no notice citation; with neither, the validator refuses it."""

    def edit(d):  # type: ignore[no-untyped-def]
        d["items"][2].pop("basis")  # GAS-003 keeps 《安全生产法》第三十六条第四款
        d["items"][3].pop("basis")  # GAS-004 has no provision either

    root = _strict_copy(tmp_path, edit)
    problems = read_catalog(root, strict=True)[1]
    msgs = [str(p) for p in problems]
    assert not any(":GAS-003:basis:" in m for m in msgs), msgs
    assert any(m.startswith("sectors/gas.yaml:GAS-004:basis:") for m in msgs), msgs
