"""Bring a new 安全生产 notice into the checklists: read, parse, classify, match."""
