"""Shared parts of the spfcomms benchmarks: generators, peers, measuring, the table."""
