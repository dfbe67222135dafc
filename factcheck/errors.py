"""The exception tree: only for "the check cannot run at all".

    FactcheckError                 exit 2 at the CLI edge
    ├── ConfigError                bad flag value or config file
    ├── DraftError                 the draft cannot be read (missing, binary, too large...)
    ├── VerifierError              the model verifier asked for cannot run (package, model
    │                              files or API key missing; the endpoint refused the key)
    └── ClusterError               the Dask cluster cannot be reached, or went away

A dead source or an unsupported claim is never an exception: it is a status or
a verdict in the report. Anything not derived from ``FactcheckError`` is a bug
and exits 3.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error the CLI reports as a usage or input error (exit 2)."""

    exit_code = 2


class ConfigError(FactcheckError):
    """A configuration value or flag is invalid."""


class DraftError(FactcheckError):
    """The draft cannot be read or decoded."""


class VerifierError(FactcheckError):
    """The model verifier that was asked for cannot run at all."""


class ClusterError(FactcheckError):
    """The cluster given with ``--cluster`` cannot be used: unreachable, no workers,
    another factcheck version on the workers, or the scheduler went away mid-run."""
