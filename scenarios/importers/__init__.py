"""Importers: street networks from OpenStreetMap XML and GeoJSON; points and staff lists from CSV/XLSX."""
