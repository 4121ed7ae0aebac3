"""Long jobs for the app: job functions (Qt-free, run in worker processes) and the Qt runner."""
