"""Reach metrics: reading the sources that tell who the bulletin reached."""
