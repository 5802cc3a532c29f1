"""Presentation: wording (text.py), terminal views (console.py), JSON documents (json.py), exports."""
