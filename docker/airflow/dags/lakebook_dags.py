"""Lakebook's DAG factory: one Airflow DAG per job config (`ingestion_config/*.yaml`).

- DAG `<name>` (the config's `name`), scheduled by its `schedule` (none: run on demand), runs
  `lakebook run <config>` (`--as-of <the run's date>` when the config takes `as_of`); a config
  naming a `notebook` runs that notebook instead, with `lakebook notebook run`. A non-zero
  exit fails the task; retried twice, which is safe: a failed run leaves the tables as they
  were and MERGE is idempotent.
- DAG `<name>.maintain`, for a config writing a Delta table, runs `lakebook maintain <config>`
  (OPTIMIZE, VACUUM) on `maintenance.schedule` (default weekly). Config names hold no dot, so
  these ids never clash with a job's.

A config this factory can't read gets no DAG and the others load as usual;
`lakebook_config_check.py` reports it as an import error naming the file.

Environment: LAKEBOOK_ROOT is the project (default: this repository); the Airflow Variable
`lakebook_command` (or AIRFLOW_VAR_LAKEBOOK_COMMAND) is how to call lakebook (default:
`<root>/run lakebook` in a checkout, else `lakebook` on PATH, as in docker/airflow/Dockerfile).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, get_parsing_context

# Airflow 3 does not put the DAG folder on sys.path for every way of parsing it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lakebook_configs import ROOT, JobConfig, read_configs  # noqa: E402

_default = f"{ROOT}/run lakebook" if (ROOT / "run").is_file() else "lakebook"
LAKEBOOK = "{{ var.value.get('lakebook_command', " + json.dumps(_default) + ") }}"
START = pendulum.datetime(2026, 1, 1, tz="UTC")


def job_command(job: JobConfig) -> str:
    """The task's shell command for a job: its notebook, or `lakebook run`."""
    config = shlex.quote(str(job.path))
    if job.notebook is None:
        as_of = " --as-of {{ ds }}" if job.takes_as_of else ""
        return f"{LAKEBOOK} run {config}{as_of}"
    out = shlex.quote(str(ROOT / ".lakebook" / "notebooks" / job.name))
    notebook = shlex.quote(str(ROOT / job.notebook))
    return (
        f"mkdir -p {out} && {LAKEBOOK} notebook run {notebook} {out}/{{{{ ts_nodash }}}}.ipynb "
        f"--cwd {shlex.quote(str(ROOT))} -p config {config} -p as_of {{{{ ds }}}} --log-output"
    )


def job_dag(job: JobConfig) -> DAG:
    """The DAG `<name>` of a config: one task running the job."""
    kind = "notebook" if job.notebook else "job"
    with DAG(
        dag_id=job.name,
        description=job.description,
        doc_md=f"Runs `{job.path.relative_to(ROOT)}`"
        + (f" through `{job.notebook}`." if job.notebook else "."),
        schedule=job.schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        tags=["lakebook", kind],
        default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    ) as dag:
        BashOperator(task_id=f"run_{kind}", bash_command=job_command(job), cwd=str(ROOT))
    return dag


def maintenance_dag(job: JobConfig) -> DAG:
    """The DAG `<name>.maintain` of a config writing Delta: one `lakebook maintain` task."""
    with DAG(
        dag_id=f"{job.name}.maintain",
        description=f"OPTIMIZE and VACUUM the Delta tables of {job.name}",
        schedule=job.maintenance_schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        tags=["lakebook", "maintenance"],
        default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
    ) as dag:
        BashOperator(
            task_id="maintain",
            bash_command=f"{LAKEBOOK} maintain {shlex.quote(str(job.path))}",
            cwd=str(ROOT),
        )
    return dag


# When a task runs, Airflow names its DAG: build only that one.
wanted = get_parsing_context().dag_id
for job in read_configs()[0]:
    if wanted in (None, job.name):
        globals()[job.name] = job_dag(job)
    if job.writes_delta and wanted in (None, f"{job.name}.maintain"):
        globals()[f"{job.name}.maintain"] = maintenance_dag(job)
