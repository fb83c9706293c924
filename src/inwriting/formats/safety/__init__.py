"""Readers for hostile input: XML with entities and network access off, YAML without tags.

Every format that reads XML or YAML goes through these, never through a library's default
loader: an uploaded file is an attacker's file until proven otherwise.
"""
