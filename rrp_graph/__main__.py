"""`python -m rrp_graph` runs the `rrp` command."""

from rrp_graph.cli import main

main()
