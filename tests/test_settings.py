"""One Settings model, built once from CLI options > environment variables > defaults, handed down to the stages
and pickled to the batch workers; no module reads the environment outside its loader, none writes it."""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ROOT
from tablekit import TableSpec, build

from iku.core.settings import ENV, Settings

LOADER = ROOT / "pipeline" / "core" / "settings.py"


def test_cli_options_win_over_the_environment_which_wins_over_the_defaults(tmp_path: Path):
    env = {"IKU_CACHE_DIR": str(tmp_path / "env-cache"), "IKU_FLAG_RULES": str(tmp_path / "env-flags.toml"),
           "IKU_TESSEROCR": "0", "IKU_HEADERS": ""}  # an empty variable is not set
    s = Settings.load(cli={"cache_dir": tmp_path / "cli-cache", "flag_rules": None}, environ=env)
    assert s.cache_dir == tmp_path / "cli-cache"  # CLI over environment
    assert s.flag_rules == tmp_path / "env-flags.toml"  # an option not given leaves the environment's
    assert s.tesserocr is False
    assert s.header_rules is None and s.dpi == 300 and s.ocr_min_conf == 35  # defaults
    bare = Settings.load(environ={})
    assert bare.cache_dir == Path.home() / ".cache" / "iku-extract" and bare.tesserocr is True


def test_the_loader_reads_the_process_environment(monkeypatch, tmp_path: Path):
    for var in ENV.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("IKU_CANONICAL_RULES", str(tmp_path / "c.toml"))
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    s = Settings.load()
    assert s.canonical_rules == tmp_path / "c.toml" and s.tessdata_prefix == str(tmp_path)
    assert Settings.load(cli={"canonical_rules": tmp_path / "d.toml"}).canonical_rules == tmp_path / "d.toml"


def test_settings_are_frozen_and_travel_pickled(tmp_path: Path):
    s = Settings(cache_dir=tmp_path, header_rules=tmp_path / "h.toml", dpi=200)
    with pytest.raises(ValueError):
        s.dpi = 100  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(s)) == s
    with pytest.raises(ValueError):
        Settings(dpy=200)  # a typo is an error, not a silent default


def test_the_analyse_command_builds_its_settings_from_options_over_the_environment(tmp_path: Path, monkeypatch):
    from typer.testing import CliRunner

    import iku.runtime.outputs as outputs
    from iku.runtime.cli import app

    (tmp_path / "out" / "json").mkdir(parents=True)
    env_rules, cli_rules = tmp_path / "env.toml", tmp_path / "cli.toml"
    env_rules.write_text("", encoding="utf-8")
    cli_rules.write_text("", encoding="utf-8")
    monkeypatch.setenv("IKU_FLAG_RULES", str(env_rules))
    monkeypatch.setenv("IKU_CANONICAL_RULES", str(env_rules))
    seen: list[Settings] = []
    monkeypatch.setattr(outputs, "rebuild_outputs", lambda out, settings, full: seen.append(settings) or [])
    res = CliRunner().invoke(app, ["analyse", str(tmp_path / "out"), "--flag-rules", str(cli_rules)])
    assert res.exit_code == 0, res.output
    assert seen[0].flag_rules == cli_rules.resolve()  # the option
    assert seen[0].canonical_rules == env_rules  # no option: the environment's


HEAD = [["No", "Indikator Kinerja", "Satuan", "Angka Capaian"]]  # "Angka Capaian" names no field of the bundle
BODY = [["1", "Persentase pengaduan yang selesai", "%", "90"], ["2", "Jumlah desa yang dibina", "Desa", "12"]]
HEADERS = '[[field]]\nname = "target"\nphrases = ["angkacapaian"]\n'
FLAG = ('[[flag]]\ncode = "TARGET_NINETY"\nscope = "indicator"\nweight = 1\nmessage = "m"\nkind = "pattern"\n'
        'field = "target"\npattern = "^90$"\n')


def test_a_batch_on_two_workers_reads_with_the_settings_it_was_given(tmp_path: Path, monkeypatch):
    """Rule paths given to run_batch only (none in the environment the workers inherit): the header vocabulary
    reaches the extraction in both worker processes, the flag rules the analysis of the folder."""
    from iku.runtime.batch import run_batch

    for var in ("IKU_HEADERS", "IKU_FLAG_RULES"):
        monkeypatch.delenv(var, raising=False)
    folder = tmp_path / "pdf"
    folder.mkdir()
    for name in ("a", "b"):
        build(TableSpec([30, 200, 60, 70], HEAD, BODY), folder / f"{name}.pdf")
    (tmp_path / "headers.toml").write_text(HEADERS, encoding="utf-8")
    (tmp_path / "flags.toml").write_text(FLAG, encoding="utf-8")
    plain = run_batch([folder], tmp_path / "plain", workers=2)
    assert not plain.failed
    assert {r["target"] for r in pq.read_table(tmp_path / "plain" / "indicators.parquet").to_pylist()} == {None}

    settings = Settings.load(cli={"header_rules": tmp_path / "headers.toml", "flag_rules": tmp_path / "flags.toml"})
    result = run_batch([folder], tmp_path / "out", workers=2, settings=settings)
    assert not result.failed
    for name in ("a", "b"):
        rows = json.loads((tmp_path / "out" / "json" / f"{name}.json").read_text())["indicators"]
        assert [r["target"] for r in rows] == ["90", "12"]
    flags = [f for f in pq.read_table(tmp_path / "out" / "flags.parquet").to_pylist() if f["code"] == "TARGET_NINETY"]
    assert sorted(f["doc_id"] for f in flags) == ["a", "b"]


def _environment_uses(path: Path) -> list[str]:
    """Every reference to the process environment in a module: os.environ, os.getenv/putenv/unsetenv, and the
    names imported from os for them."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "environb", "getenv", "putenv", "unsetenv"):
            found.append(f"{path.name}:{node.lineno} {node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [f"{path.name}:{node.lineno} from os import {a.name}" for a in node.names
                      if a.name in ("environ", "environb", "getenv", "putenv", "unsetenv")]
    return found


def _environment_writes(path: Path) -> list[str]:
    """Writes to the environment: an assignment or deletion of os.environ[...], a mutating method of it, putenv."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else (
            [node.target] if isinstance(node, ast.AugAssign) else [])
        for t in targets:
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Attribute) and t.value.attr == "environ":
                found.append(f"{node.lineno} environ[...] =")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "environ" and node.func.attr in (
                    "setdefault", "update", "pop", "popitem", "clear", "__setitem__", "__delitem__"):
                found.append(f"{node.lineno} environ.{node.func.attr}")
            if node.func.attr in ("putenv", "unsetenv"):
                found.append(f"{node.lineno} {node.func.attr}")
    return found


def test_only_the_settings_loader_reads_the_environment_and_nothing_writes_it():
    modules = sorted([*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "analysis").rglob("*.py")])
    assert len(modules) > 40
    outside = [use for m in modules if m != LOADER for use in _environment_uses(m)]
    assert outside == [], "read the setting from Settings (iku.core.settings), not the environment"
    writes = [f"{m.relative_to(ROOT)}:{w}" for m in modules for w in _environment_writes(m)]
    assert writes == []
    assert _environment_uses(LOADER)  # the loader itself does read it


def test_the_scan_finds_reads_and_writes(tmp_path: Path):
    """The two scans above catch what they are for (a scan that finds nothing anywhere proves nothing)."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom os import getenv\nos.environ['X'] = '1'\nos.environ.setdefault('Y', '2')\n"
                   "x = os.environ.get('Z')\nos.putenv('A', 'b')\n", encoding="utf-8")
    assert len(_environment_uses(bad)) == 5
    assert len(_environment_writes(bad)) == 3


def test_each_document_reads_with_the_lexicon_of_its_own_settings(tmp_path: Path):
    """The text stage builds the lexicon from the Settings its Context holds and hands it to every page; other
    settings (a tessdata folder without Tesseract's dictionary) make another lexicon, seen by their document
    only."""
    from iku.core.stage import Context, StageLog
    from iku.resources.lexicon import domain_words, lexicon_for
    from iku.stages.ingest import ingest
    from iku.stages.text import read_layout

    pdf = build(TableSpec([30, 200, 60, 70], HEAD, BODY), tmp_path / "a.pdf")
    (tmp_path / "no-tessdata").mkdir()
    bare = Settings(cache_dir=tmp_path / "cache", tessdata_prefix=str(tmp_path / "no-tessdata"))
    doc = ingest(pdf, StageLog("ingest"), pdf)
    pages = read_layout(doc, StageLog("text"), Context(bare))
    assert pages and all(p.lexicon is lexicon_for(bare) for p in pages)
    assert lexicon_for(bare).words == domain_words()  # no dictionary in that folder: the domain list alone
    usual = read_layout(ingest(pdf, StageLog("ingest"), pdf), StageLog("text"), Context(Settings.load()))
    assert all(p.lexicon is lexicon_for(Settings.load()) is not lexicon_for(bare) for p in usual)


def _hidden_state(path: Path) -> list[str]:
    """Settings kept outside the arguments that carry them: a ContextVar (or the contextvars module), a
    module-level name bound to a Settings (`X = Settings.load()`, `X: Settings = ...`), a `global` statement
    naming settings, and a module-level dict or list that a function fills with settings or their parts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}:{node.lineno} imports {n}" for n in names if n and "contextvars" in n]
        elif isinstance(node, ast.Name | ast.Attribute) and (node.id if isinstance(node, ast.Name)
                                                             else node.attr) == "ContextVar":
            found.append(f"{path.name}:{node.lineno} ContextVar")
        elif isinstance(node, ast.Global):
            found += [f"{path.name}:{node.lineno} global {n}" for n in node.names if "setting" in n.lower()]
    for node in tree.body:  # module level only: a function's own Settings is an argument or a local
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
        settings_call = (isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in ("Settings", "load")
                         and "Settings" in ast.unparse(value.func))
        if "Settings" in annotation or settings_call:
            found.append(f"{path.name}:{node.lineno} module-level settings")
    return found


def test_no_settings_are_kept_in_module_state():
    """Settings reach the code as arguments (a document's Context, the lexicon built from it, the analysis rule
    paths): no ContextVar, no module global holding settings. `DPI = Settings().dpi` (a default value, an int)
    is allowed; `SETTINGS = Settings.load()` is not."""
    modules = sorted([*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "analysis").rglob("*.py")])
    assert len(modules) > 40
    assert [h for m in modules for h in _hidden_state(m)] == []


def test_the_hidden_state_scan_finds_what_it_looks_for(tmp_path: Path):
    """The scan above catches each way settings were kept before (the ContextVar iku.core.settings had) and lets
    a default value through."""
    bad = tmp_path / "bad.py"
    bad.write_text("from contextvars import ContextVar\n"
                   "from iku.core.settings import Settings\n"
                   "_ACTIVE: ContextVar[Settings | None] = ContextVar('s', default=None)\n"
                   "SETTINGS = Settings.load()\n"
                   "DEFAULT: Settings = Settings()\n"
                   "DPI = Settings().dpi\n"
                   "def use(s):\n"
                   "    global _settings\n"
                   "    _settings = s\n", encoding="utf-8")
    found = sorted(f.split(":", 1)[1] for f in _hidden_state(bad))
    assert found == ["1 imports contextvars", "3 ContextVar", "3 ContextVar",
                     "3 module-level settings", "4 module-level settings", "5 module-level settings",
                     "8 global _settings"]


def test_extract_headers_option_wins_over_the_environments_vocabulary(tmp_path: Path, monkeypatch):
    from typer.testing import CliRunner

    from iku.runtime.cli import app

    pdf = build(TableSpec([30, 200, 60, 70], HEAD, BODY), tmp_path / "a.pdf")
    (tmp_path / "headers.toml").write_text(HEADERS, encoding="utf-8")
    (tmp_path / "other.toml").write_text('[[field]]\nname = "definisi"\nphrases = ["angkacapaian"]\n',
                                         encoding="utf-8")
    monkeypatch.setenv("IKU_HEADERS", str(tmp_path / "other.toml"))
    res = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(tmp_path / "out"), "-q", "-j", "1",
                                   "--headers", str(tmp_path / "headers.toml")])
    assert res.exit_code == 0, res.output
    rows = json.loads((tmp_path / "out" / "json" / "a.json").read_text())["indicators"]
    assert [(r["target"], r["definisi"]) for r in rows] == [("90", None), ("12", None)]
