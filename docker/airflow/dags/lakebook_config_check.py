"""Reports the job configs `lakebook_dags.py` could not make a DAG of, as this file's Airflow
import error (one line per config: `<file>: <problem>`), so they show in the UI and in
`airflow dags list-import-errors` while the other configs' DAGs load as usual. Holds no DAG.
"""

from __future__ import annotations

import os
import sys
from airflow.sdk import get_parsing_context

# Airflow 3 does not put the DAG folder on sys.path for every way of parsing it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lakebook_configs import InvalidConfigs, read_configs  # noqa: E402

# A task being run needs its own DAG only, not this report.
if get_parsing_context().dag_id is None:
    problems = read_configs()[1]
    if problems:
        raise InvalidConfigs(problems)
