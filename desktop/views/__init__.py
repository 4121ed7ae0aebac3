"""The main window's views: map and plan, replay, roster, results, compare, trainer, jobs."""
