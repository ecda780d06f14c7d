"""``faircourse grade``'s options for grading beyond this machine: Dask, a database gradebook."""

from __future__ import annotations

import argparse

__all__ = ["SCHEDULER_NEEDS_DASK", "add_cluster_options", "cluster_options"]

SCHEDULER_NEEDS_DASK = "--scheduler {address} needs --executor dask (the local pool has none)"


def add_cluster_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--executor``, ``--scheduler`` and ``--db-url`` to ``parser``; return it."""
    parser.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local: a process per learner here (default); dask: one Dask task per learner",
    )
    parser.add_argument(
        "--scheduler",
        help="Dask scheduler, e.g. tcp://HOST:8786 (default: --workers Dask workers here)",
    )
    parser.add_argument(
        "--db-url",
        help="gradebook database, e.g. postgresql+psycopg://USER@HOST/DB (default: SQLite in "
        "RESULTS/course; remembered there for export and the formgrader)",
    )
    return parser


def cluster_options(args: argparse.Namespace) -> dict:
    """The :class:`autograder.grader.GradeOptions` fields of those options.

    Examples
    --------
    >>> cluster_options(argparse.Namespace(executor="dask", scheduler=None, db_url=None))
    {'executor': 'dask', 'scheduler': None, 'db_url': None}
    """
    if args.scheduler and args.executor != "dask":
        raise ValueError(SCHEDULER_NEEDS_DASK.format(address=args.scheduler))
    return {"executor": args.executor, "scheduler": args.scheduler, "db_url": args.db_url}
