"""Lakebook's job configs as the DAG files beside this module need them.

Reads every `ingestion_config/*.yaml` of the project at `$LAKEBOOK_ROOT` (default: the
repository holding this file) and checks only what a DAG needs: the YAML, `name` (unique),
`schedule`, `notebook` and `maintenance.schedule`, the schedules as Airflow itself reads them.
`lakebook validate` checks everything else, and `lakebook run` does before running.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from airflow.sdk import DAG

ROOT = Path(os.environ.get("LAKEBOOK_ROOT") or Path(__file__).resolve().parents[3])
CONFIG_DIR = ROOT / "ingestion_config"
NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
# The default of maintenance.schedule in ingestion_config/config.schema.json.
MAINTENANCE_SCHEDULE = "@weekly"


@dataclass(frozen=True)
class JobConfig:
    """What the DAGs of one config need."""

    path: Path
    name: str
    description: str
    schedule: str | None
    notebook: str | None
    takes_as_of: bool
    writes_delta: bool
    maintenance_schedule: str


class InvalidConfigs(Exception):
    """Configs that get no DAG, one line each: `<file>: <problem>`."""

    def __init__(self, problems: list[str]):
        super().__init__(
            f"{len(problems)} job config(s) have no DAG until fixed "
            f"(`lakebook validate <file>` lists every problem):\n" + "\n".join(problems)
        )


def read_configs() -> tuple[list[JobConfig], list[str]]:
    """The valid configs, sorted by file name, and one `<file>: <problem>` per invalid one."""
    configs: list[JobConfig] = []
    problems: list[str] = []
    used: dict[str, str] = {}
    for path in sorted(CONFIG_DIR.glob("*.yaml")):
        file = path.relative_to(ROOT).as_posix()
        try:
            config = _read(path)
            if config.name in used:
                raise ValueError(f"name '{config.name}' is already used by {used[config.name]}")
        except yaml.MarkedYAMLError as err:
            at = err.problem_mark
            where = f" at line {at.line + 1}, column {at.column + 1}" if at else ""
            problems.append(f"{file}: not valid YAML{where}: {err.problem}")
            continue
        except (ValueError, yaml.YAMLError) as err:
            problems.append(f"{file}: {_one_line(err)}")
            continue
        used[config.name] = file
        configs.append(config)
    return configs, problems


def _read(path: Path) -> JobConfig:
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise ValueError("the file holds no mapping; a config has name, source, steps and sink")
    name = value.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(f"name {name!r} must be lower-case letters, digits, '_' or '-'")
    maintenance = value.get("maintenance") or {}
    sinks = value.get("sink") if isinstance(value.get("sink"), list) else [value.get("sink")]
    notebook = value.get("notebook")
    if notebook is not None and not isinstance(notebook, str):
        raise ValueError(f"notebook {notebook!r} must be a path")
    return JobConfig(
        path=path,
        name=name,
        description=str(value.get("description") or f"Lakebook job {name}"),
        schedule=_schedule("schedule", value.get("schedule")),
        notebook=notebook,
        takes_as_of="as_of" in (value.get("params") or {}),
        writes_delta="quarantine" in value
        or any(isinstance(s, dict) and s.get("format") == "delta" for s in sinks),
        maintenance_schedule=_schedule(
            "maintenance.schedule", maintenance.get("schedule", MAINTENANCE_SCHEDULE)
        ),
    )


def _schedule(key: str, schedule: object) -> str | None:
    """A schedule Airflow accepts (cron or preset), or None for none."""
    if schedule is None:
        return None
    if not isinstance(schedule, str):
        raise ValueError(f"{key} {schedule!r} must be a cron expression or a preset")
    try:
        DAG(dag_id="schedule_check", schedule=schedule).timetable.validate()
    except Exception as err:
        raise ValueError(f"{key} '{schedule}' is not a valid schedule: {_one_line(err)}") from None
    return schedule


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())
