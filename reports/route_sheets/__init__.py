"""Route sheets (路线作业单): one printable A4 PDF per vehicle or crew, in Chinese, for drivers and crews."""

from reports.route_sheets.pdf import write_route_sheets

__all__ = ["write_route_sheets"]
