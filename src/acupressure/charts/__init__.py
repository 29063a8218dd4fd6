"""Body charts: figures, where each point is drawn, labels, and the SVG they make."""
