"""Talent Bridge matching: text to vectors, vectors to neighbours, candidates to ranked matches.

This package is framework-free: it never imports Flask or SQLAlchemy and works on plain data.
"""
