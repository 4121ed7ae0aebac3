"""What-if studies: variants of a base scenario × replications with common random numbers.

`load_study` reads a study file, `expand_variants` lists its variants, `run_study` plans and
simulates what the results store does not have yet (on local processes or a Dask cluster), and
`write_study_outputs` writes comparison.csv, the charts and report.pdf.
"""

from .executors import DaskExecutor, LocalExecutor, StudyExecutor, make_executor
from .expand import StudyVariant, expand_variants
from .pipeline import STORE_NAME, StudyOutcome, run_study
from .spec import BASE_NAME, StudySpec, load_study, parse_study
from .store import StudyStore
from .tasks import PlanTask, RunResult, RunTask, plan_variant_task, run_replication_task

__all__ = [
    "BASE_NAME", "STORE_NAME", "DaskExecutor", "LocalExecutor", "PlanTask", "RunResult", "RunTask", "StudyExecutor",
    "StudyOutcome", "StudySpec", "StudyStore", "StudyVariant", "expand_variants", "load_study", "make_executor",
    "parse_study", "plan_variant_task", "run_replication_task", "run_study",
]
