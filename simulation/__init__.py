"""What happens when a plan meets a random world: SimPy processes, KPIs, replications, event log."""

from optimizer.baseline import baseline_plan

from .eventlog import EventLog, load_event_log
from .kpis import KPIS, KpiInfo, kpi_info
from .params import SimParams
from .replication import ReplicationResult, run_replication
from .simulate import Outcome, complete_plan, simulate
from .stats import Summary, summarize

__all__ = [
    "KPIS", "EventLog", "KpiInfo", "Outcome", "ReplicationResult", "SimParams", "Summary", "baseline_plan",
    "complete_plan", "kpi_info", "load_event_log", "run_replication", "simulate", "summarize",
]
