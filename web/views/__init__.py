"""Blueprints of the HTML pages."""
