"""glute: a gluteus medius rehab program planner."""

# Hard-coded so `glute --version` answers without importlib.metadata (start-up speed).
__version__ = "0.3.0"
