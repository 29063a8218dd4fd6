"""The system as data: points, regions, sources and their validated models, and name lookup."""
