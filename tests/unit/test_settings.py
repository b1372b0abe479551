from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_documented_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WEIGE_CONFIG", raising=False)
    settings = load_settings(write(tmp_path, ""))
    assert settings.telegram.api_base == "https://api.telegram.org"
    assert settings.storage.url == "sqlite+aiosqlite:///weige.db"
    assert (settings.limits.per_second, settings.limits.per_group_per_minute) == (30, 20)
    assert settings.limits.per_chat_per_second == 1


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "file"\n[limits]\nper_second = 10\n')
    monkeypatch.setenv("WEIGE_TELEGRAM__TOKEN", "env")
    settings = load_settings(path)
    assert settings.require_token() == "env" and settings.limits.per_second == 10


def test_missing_token_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^telegram\.token: missing"):
        load_settings(write(tmp_path, "[telegram]\n")).require_token()


def test_malformed_values_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"limits\.per_second"):
        load_settings(write(tmp_path, '[limits]\nper_second = "fast"\n'))


def test_unknown_key_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"telegram\.tokn: unknown key"):
        load_settings(write(tmp_path, '[telegram]\ntokn = "x"\n'))


def test_broken_toml_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML") as error:
        load_settings(write(tmp_path, "[telegram\n"))
    assert "\n" not in str(error.value)


def test_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "absent.toml")


def test_cli_prints_one_line_and_exit_code_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    assert main(["run", "--config", str(write(tmp_path, ""))]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "config error: telegram.token: missing (set it in the config file or WEIGE_TELEGRAM__TOKEN)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[storage]\nurl = "nonsense"\n', "storage.url: not a database URL"),
        (
            '[storage]\nurl = "mysql://x/y"\n',
            "storage.url: use sqlite+aiosqlite:// or postgresql+asyncpg:// (got mysql://)",
        ),
        (
            '[telegram]\napi_base = "ftp://x"\n',
            "telegram.api_base: must be an http:// or https:// address",
        ),
    ],
)
def test_unusable_addresses_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text))
    assert str(error.value) == message


def test_the_example_config_documents_every_key_and_loads() -> None:
    """Operators learn the keys from config.example.toml: none may be missing from it."""
    from pydantic import BaseModel

    from bot.settings import Settings

    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    text = example.read_text("utf-8")
    load_settings(example)

    def documented(key: str, section: str | None = None) -> bool:
        # `key = …` (maybe commented out), or a table of its own like [parser.vocabulary."x"]
        return bool(
            re.search(rf"^#?\s*{key}\s*=", text, re.MULTILINE)
            or (section and re.search(rf"^#?\s*\[{section}\.{key}\b", text, re.MULTILINE))
        )

    missing = []
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            if f"[{name}]" not in text:
                missing.append(f"[{name}]")
            missing += [f"{name}.{k}" for k in section.model_fields if not documented(k, name)]
        elif not documented(name):
            missing.append(name)
    assert missing == []
