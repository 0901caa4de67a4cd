"""The JSON Schema of a bank: printed by the CLI, committed, and met by every shipped bank."""

from __future__ import annotations

import json

import jsonschema
import yaml

from assessor.banks import bank_json_schema
from assessor.cli import main
from assessor.files.resources import SCHEMA_FILE_NAME, banks_dir, builtin_bank_paths


def test_cli_prints_a_valid_json_schema(capsys) -> None:
    assert main(["banks", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert {"id", "title", "version", "questions", "schema_version"} <= set(schema["required"])


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads((banks_dir() / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    assert committed == bank_json_schema(), (
        "question_banks/bank.schema.json is stale: run "
        "`assessor banks schema > question_banks/bank.schema.json`"
    )


def test_shipped_banks_meet_the_schema_as_an_editor_reads_them() -> None:
    validator = jsonschema.Draft202012Validator(bank_json_schema())
    for path in builtin_bank_paths():
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], f"{path.name}: {errors[:3]}"


def test_schema_rejects_an_unknown_key_and_a_missing_stage() -> None:
    validator = jsonschema.Draft202012Validator(bank_json_schema())
    bank = yaml.safe_load(builtin_bank_paths()[0].read_text("utf-8"))
    bank["colour"] = "blue"
    del bank["questions"][0]["levels"]["integration"]
    messages = sorted(e.message for e in validator.iter_errors(bank))
    assert any("'colour' was unexpected" in m for m in messages)
    assert any("'integration' is a required property" in m for m in messages)


def test_each_shipped_bank_points_editors_at_the_committed_schema() -> None:
    for path in builtin_bank_paths():
        first = path.read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}", path.name
