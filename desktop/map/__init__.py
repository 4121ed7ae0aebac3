"""The district map: geometry in metres (Qt-free) and the painting widget."""
