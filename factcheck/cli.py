"""Command line: flags → ``Config`` → ``pipeline.run()`` → reporter → exit code.

Only typer lives here. Exit codes: 0 the draft passes (with several drafts:
every draft passes), 1 it fails the policy (any draft fails), 2 usage or input
error (one line on stderr), 3 unexpected internal error (one line; ``--debug``
shows the traceback). Heavy modules are imported inside the
commands so ``factcheck --help`` stays instant.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from factcheck import __version__
from factcheck.models import VerifierKind
from factcheck.report import OutputFormat

if TYPE_CHECKING:
    from factcheck.config import Config
    from factcheck.models import SkippedDraft
    from factcheck.report import ReportOptions

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="factcheck",
    help="Check that a draft's cited sources actually say what its sentences claim.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# The report registry's enum itself: importing it loads no reporter (they load on use).
Format = OutputFormat


class ClaimsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _fail(message: str, code: int) -> NoReturn:
    print(f"factcheck: {message}", file=sys.stderr)
    raise typer.Exit(code)


@contextmanager
def guarded(debug: bool) -> Iterator[None]:
    """Map the error tree to exit codes: input errors 2, anything unexpected 3."""
    from factcheck.errors import FactcheckError

    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except FactcheckError as exc:
        _fail(f"error: {exc}", exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # the CLI edge is where bugs become exit 3
        if debug:
            traceback.print_exc()
        hint = "" if debug else " (run again with --debug for the traceback)"
        _fail(f"internal error: {type(exc).__name__}: {exc}{hint}", EXIT_INTERNAL)


def _version(value: bool) -> None:
    if value:
        print(f"factcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check that a draft's cited sources actually say what its sentences claim."""


DraftArg = Annotated[
    str, typer.Argument(metavar="DRAFT", help="The draft (Markdown, plain text, .html or "
                        ".docx; '-' reads standard input).")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
SnapshotOpt = Annotated[
    Path | None,
    typer.Option("--snapshot", help="Read sources only from this snapshot directory (offline)."),
]
CacheDirOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="Where fetched sources are cached.")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
RefreshOpt = Annotated[
    bool, typer.Option("--refresh", help="Fetch every source again and replace its cached "
                       "copy (with fetch: also its copy in the snapshot).")
]
PrivateOpt = Annotated[
    bool,
    typer.Option("--allow-private", help="Allow loopback and private addresses (local servers)."),
]
TimeoutOpt = Annotated[
    float | None, typer.Option("--timeout", help="Seconds per connect/read (default 10).")
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Never open a socket; use cached sources only.")
]
MaxBytesOpt = Annotated[
    int | None, typer.Option("--max-bytes", help="Largest source body accepted, after "
                             "decompression (default 10000000).")
]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", help="Requests in flight at once (default 32).")
]
PerHostOpt = Annotated[
    int | None, typer.Option("--per-host", help="Requests in flight per host (default 4).")
]
RetriesOpt = Annotated[
    int | None, typer.Option("--retries", help="Retries after a connection error, 429 or 5xx "
                             "(default 2).")
]
RedirectsOpt = Annotated[
    int | None, typer.Option("--max-redirects", help="Redirects followed per source "
                             "(default 10).")
]
MaxAgeOpt = Annotated[
    float | None, typer.Option("--max-age", help="Seconds a cached source is used without "
                               "asking the server again (default 604800, 7 days).")
]
RobotsOpt = Annotated[
    bool, typer.Option("--respect-robots", help="Honour robots.txt when fetching sources.")
]
ArchiveOpt = Annotated[
    bool, typer.Option("--archive-fallback",
                       help="For a dead source, use the Internet Archive's closest copy.")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="Skip sources whose URL matches this "
                                   "regular expression (repeatable), e.g. paywalled sites.")
]


def _fetch_flags(
    *, max_bytes: int | None, concurrency: int | None, per_host: int | None,
    retries: int | None, max_redirects: int | None, max_age: float | None,
    respect_robots: bool, archive_fallback: bool, exclude: list[str] | None,
) -> dict[str, Any]:
    """The fetch settings given on the command line (unset ones stay None)."""
    return dict(
        max_bytes=max_bytes, concurrency=concurrency, per_host=per_host, retries=retries,
        max_redirects=max_redirects, max_age=max_age, respect_robots=respect_robots or None,
        archive_fallback=archive_fallback or None, exclude=tuple(exclude) if exclude else None,
    )


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: nearest .factcheck.toml or "
                 "pyproject.toml [tool.factcheck] above the draft)."),
]


def _config(draft: str, config_file: Path | None, **flags: Any) -> Config:
    from factcheck.config import load_config

    return load_config(Path(draft), flags, config_file=config_file)


def _fail_on(values: list[str] | None) -> frozenset[Any] | None:
    if not values:
        return None
    from factcheck.config import coerce

    parts = [p for v in values for p in v.split(",")]
    if not any(p.strip() for p in parts):
        # An unset CI variable ("--fail-on $VAR") must not silently switch the gate off.
        from factcheck.errors import ConfigError

        raise ConfigError("--fail-on was given no verdicts; name at least one "
                          "(use --warn-only to report without failing)")
    result: frozenset[Any] = coerce({"fail_on": parts}, "--fail-on")["fail_on"]
    return result


def _draft_path(draft: str) -> Path:
    """A draft named on the command line: a type factcheck reads, or a usage error."""
    from factcheck.draft import unreadable_type
    from factcheck.errors import DraftError

    path = Path(draft)
    if path.exists() and not path.is_dir() and (why := unreadable_type(path)) is not None:
        raise DraftError(f"draft {path}: {why}")
    return path


def _progress(*, batch: bool = False, total: int = 0) -> Any:
    """A bar on stderr when it is a terminal, else summary lines (CI logs). ``batch``: count
    drafts rather than sources (a streamed or cluster run fetches window by window)."""
    from factcheck.progress import make_progress

    return make_progress(terminal=sys.stderr.isatty(), drafts=total if batch else None)


DraftsArg = Annotated[
    list[str],
    typer.Argument(metavar="DRAFT",
                   help="Drafts to check (Markdown, plain text, .html, .docx; '-' reads "
                   "standard input), or directories of drafts (*.md, *.markdown, *.txt, *.html, "
                   "*.htm, *.docx, searched recursively)."),
]
MAX_JOBS = 64
"""More processes than this only cost memory and start-up on any machine this runs on."""
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, max=MAX_JOBS, help="Processes for extraction and matching "
                 "(default: one per CPU when there is enough work; 1 = no pool)."),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option("--cluster", metavar="ADDRESS",
                 help="Run the check on a Dask cluster: the scheduler's address "
                 "(tcp://HOST:8786), or local:N for N worker processes on this machine. "
                 "Needs pip install 'factcheck-drafts[cluster]'."),
]
OutputDirOpt = Annotated[
    Path | None,
    typer.Option("--output-dir", help="Write one report per draft (in each --format) into "
                 "this directory as each draft is done, plus summary.json."),
]


VerifierOpt = Annotated[
    VerifierKind | None,
    typer.Option("--verifier", case_sensitive=False,
                 help="Who judges the evidence: lexical (default, offline), llm (an "
                 "OpenAI-compatible endpoint) or nli (a local ONNX model). See docs/verifiers.md."),
]
LlmUrlOpt = Annotated[
    str | None, typer.Option("--llm-url", help="Base URL of an OpenAI-compatible API, e.g. "
                             "http://127.0.0.1:8000/v1 (key: FACTCHECK_LLM_API_KEY).")
]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name to ask.")]
LlmCallsOpt = Annotated[
    int | None, typer.Option("--llm-max-calls", min=1, help="Most requests one run may send "
                             "(default 200).")
]
LlmTokensOpt = Annotated[
    int | None, typer.Option("--llm-max-tokens", min=1, help="Most tokens one run may spend "
                             "(default 300000).")
]
NliModelOpt = Annotated[
    Path | None, typer.Option("--nli-model", help="Directory with model.onnx and "
                              "tokenizer.json (needs pip install 'factcheck-drafts[nli]').")
]


@app.command()
def check(
    drafts: DraftsArg,
    fmt: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", case_sensitive=False,
                     help="Report format; repeat for several (default: terminal)."),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option("--output", "-o",
                     help="Write the report to this file ('-' for stdout); one per --format, "
                     "or a single directory that gets report.<ext> per format."),
    ] = None,
    snapshot: SnapshotOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    refresh: RefreshOpt = False,
    allow_private: PrivateOpt = False,
    offline: OfflineOpt = False,
    timeout: TimeoutOpt = None,
    max_bytes: MaxBytesOpt = None,
    concurrency: ConcurrencyOpt = None,
    per_host: PerHostOpt = None,
    retries: RetriesOpt = None,
    max_redirects: RedirectsOpt = None,
    max_age: MaxAgeOpt = None,
    respect_robots: RobotsOpt = False,
    archive_fallback: ArchiveOpt = False,
    exclude: ExcludeOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show all evidence.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only failures.")] = False,
    warn_only: Annotated[bool, typer.Option("--warn-only", help="Report, but exit 0.")] = False,
    allow_unchecked: Annotated[
        bool, typer.Option("--allow-unchecked", help="Let a draft pass when some cited claims "
                           "were left unchecked (none of their sources could be read); it "
                           "still fails when nothing could be checked.")
    ] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option("--fail-on", help="Verdicts that fail the draft, comma-separated "
                     "(default: not_supported,citation_missing)."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="Also fail any claim scoring below this.")
    ] = None,
    jobs: JobsOpt = None,
    cluster: ClusterOpt = None,
    output_dir: OutputDirOpt = None,
    verifier: VerifierOpt = None,
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    llm_max_calls: LlmCallsOpt = None,
    llm_max_tokens: LlmTokensOpt = None,
    nli_model: NliModelOpt = None,
    config_file: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check every cited claim of each DRAFT against its sources.

    Several drafts (or directories) are checked in one run that shares sources
    and both CPU cores, with one combined report; the exit code is 1 when any
    draft fails. For many drafts, -f jsonl or --output-dir write each draft's
    report as it is done, and --cluster runs the work on a Dask cluster.
    """
    with guarded(debug):
        if quiet and verbose:
            from factcheck.errors import ConfigError

            raise ConfigError("--quiet and --verbose contradict each other; choose one")
        targets = _outputs(fmt or [Format.TERMINAL], output or [], output_dir)
        _check_engine(cluster, jobs)
        flags: dict[str, Any] = dict(
            snapshot=snapshot, cache_dir=cache_dir, use_cache=False if no_cache else None,
            refresh=refresh or None,
            allow_private=allow_private or None, offline=offline or None, timeout=timeout,
            warn_only=warn_only or None, fail_on=_fail_on(fail_on), min_score=min_score,
            fail_if_any_unchecked=False if allow_unchecked else None,
            **_fetch_flags(max_bytes=max_bytes, concurrency=concurrency, per_host=per_host,
                           retries=retries, max_redirects=max_redirects, max_age=max_age,
                           respect_robots=respect_robots, archive_fallback=archive_fallback,
                           exclude=exclude),
            verifier=verifier, llm_url=llm_url,
            llm_model=llm_model, llm_max_calls=llm_max_calls, llm_max_tokens=llm_max_tokens,
            nli_model=nli_model,
        )
        single = len(drafts) == 1 and not Path(drafts[0]).is_dir()
        found = (_Found(drafts=[(_draft_path(drafts[0]), True)], skipped=[]) if single
                 else _expand(drafts))
        paths = [p for p, _ in found.drafts]
        pairs = _configs(paths, config_file, flags)
        _check_source_modes(pairs)
        _check_cluster_settings(cluster, pairs)
        sinks = _sinks(targets, output_dir, paths, single=single, verbose=verbose, quiet=quiet)
        passed = _run_stream(pairs, sinks, found, jobs=jobs, cluster=cluster, debug=debug)
    raise typer.Exit(EXIT_PASS if passed else EXIT_FAIL)


@dataclass(frozen=True, slots=True)
class _Found:
    drafts: list[tuple[Path, bool]]
    """Each draft once, in a stable order, and whether it was named (not found in a folder)."""
    skipped: list[SkippedDraft]
    """Files found in folders that are not drafts factcheck can read, with the reason."""


def _expand(arguments: list[str]) -> _Found:
    """Files as given and the drafts found under directories; other files are skipped.

    A file named on the command line must be readable as a draft (its type is checked
    here, its content when it is parsed). In a folder, every visible file that is not
    a draft type is listed as skipped, so nothing is passed over silently.
    """
    from factcheck.draft import DRAFT_TYPES, unreadable_type
    from factcheck.errors import DraftError
    from factcheck.models import SkippedDraft

    found: dict[Path, bool] = {}
    skipped: list[SkippedDraft] = []
    for argument in arguments:
        path = Path(argument)
        if argument == "-":
            found[path] = True  # standard input, read once
            continue
        if not path.exists():
            raise DraftError(f"draft {path} not found; check the path")
        if not path.is_dir():
            if (why := unreadable_type(path)) is not None:
                raise DraftError(f"draft {path}: {why}")
            found[path] = True
            continue
        inside, others = _folder_files(path)
        skipped += [SkippedDraft(path=str(p), reason=why) for p, why in others]
        if not inside:
            names = ", ".join("*" + s for s in DRAFT_TYPES)
            listed = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
            raise DraftError(f"no drafts ({names}) in directory {path}"
                             + (f" (skipped {listed})" if listed else ""))
        for p in inside:
            found.setdefault(p, False)
    return _Found(drafts=list(found.items()), skipped=skipped)


def _folder_files(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Drafts under ``folder`` and the other visible files with why they are not read."""
    from factcheck.draft import DRAFT_TYPES, unreadable_type

    drafts: list[Path] = []
    others: list[tuple[Path, str]] = []
    for p in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(folder).parts) or p.is_dir():
            continue
        if not p.is_file():
            others.append((p, "not a regular file (a device, FIFO, socket or broken link)"))
        elif p.suffix.lower() in DRAFT_TYPES:
            drafts.append(p)
        else:
            others.append((p, unreadable_type(p) or "not a draft type"))
    return drafts, others


def _configs(
    paths: list[Path], config_file: Path | None, flags: dict[str, Any]
) -> list[tuple[Path, Config]]:
    """Each draft with its settings; found once per folder (drafts of one folder share a
    config file), so ten thousand drafts cost a few lookups and share a few ``Config``s."""
    by_folder: dict[Path, Config] = {}
    pairs = []
    for path in paths:
        folder = path.parent
        if folder not in by_folder:
            by_folder[folder] = _config(str(path), config_file, **flags)
        pairs.append((path, by_folder[folder]))
    return pairs


def _outputs(
    formats: list[Format], outputs: list[Path], output_dir: Path | None
) -> list[tuple[Format, Path | None]]:
    """Each format with where it goes; an unusable output is refused before any work."""
    from factcheck.errors import ConfigError

    if output_dir is None:
        targets = _targets(formats, outputs)
        for _, target in targets:
            if target is not None and str(target) != "-":
                _check_writable_dir(target.parent, what="write the report to " + str(target))
        return targets
    if outputs:
        raise ConfigError("--output-dir writes one report per draft; it cannot be combined "
                          "with --output")
    if Format.JSONL in formats:
        raise ConfigError("-f jsonl is one stream for all drafts; with --output-dir give the "
                          "per-draft formats (json, sarif, ...)")
    _check_writable_dir(output_dir, what=f"write reports to {output_dir}")
    return [(f, None) for f in dict.fromkeys(formats)]


def _check_source_modes(pairs: list[tuple[Path, Config]]) -> None:
    """Refuse contradictory ways of getting sources (from flags, the environment or a
    config file) before anything is fetched, instead of silently ignoring one of them."""
    from factcheck.errors import ConfigError

    for _, c in pairs:
        if c.offline and c.refresh:
            raise ConfigError("--offline and --refresh contradict each other: --offline reads "
                              "only the cache and never opens a socket, --refresh fetches "
                              "every source again; choose one")
        if c.snapshot is not None and c.refresh:
            raise ConfigError("--snapshot and --refresh contradict each other: a snapshot run "
                              "reads only the snapshot; refresh the snapshot with 'factcheck "
                              "fetch DRAFT --snapshot DIR --refresh', or drop --snapshot")
        if c.offline and not c.use_cache:
            raise ConfigError("--offline and --no-cache contradict each other: --offline reads "
                              "only the cache, which --no-cache turns off, so nothing could "
                              "be checked; choose one")


def _check_cluster_settings(cluster: str | None, pairs: list[tuple[Path, Config]]) -> None:
    """A model verifier reads the sources' text on this machine, where a cluster run keeps
    only stand-ins: refused before anything is loaded or fetched."""
    from factcheck.models import VerifierKind

    if cluster is None:
        return
    for _, config in pairs:
        if config.verifier is not VerifierKind.LEXICAL:
            from factcheck.errors import ConfigError

            raise ConfigError(f"--verifier {config.verifier.value} runs on this machine and "
                              "cannot be combined with --cluster; check without --cluster")


def _check_engine(cluster: str | None, jobs: int | None) -> None:
    if cluster is not None and jobs is not None:
        from factcheck.errors import ConfigError

        raise ConfigError("--jobs sets this machine's process pool; with --cluster the "
                          "cluster's workers do the work (local:N sets their number)")


def _sinks(
    targets: list[tuple[Format, Path | None]], output_dir: Path | None, paths: list[Path],
    *, single: bool, verbose: bool, quiet: bool,
) -> list[Any]:
    from factcheck.output import Collected, Directory, Lines

    options = _options(None, verbose=verbose, quiet=quiet)
    if output_dir is not None:
        return [Directory(output_dir, [fmt for fmt, _ in targets], paths, options)]
    return [Lines(_open_stream(target), None if target is None or str(target) == "-"
                  else str(target)) if fmt is Format.JSONL
            else Collected(fmt, target, _options(target, verbose=verbose, quiet=quiet),
                           single=single)
            for fmt, target in targets]


def _open_stream(target: Path | None) -> Any:
    """Where a streamed report goes: stdout, or a file opened now (written line by line)."""
    if target is None or str(target) == "-":
        return sys.stdout
    from factcheck.errors import ConfigError

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write report to {target}: {exc.strerror or exc}") from exc


def _run_stream(
    pairs: list[tuple[Path, Config]], sinks: list[Any], found: _Found, *, jobs: int | None,
    cluster: str | None, debug: bool,
) -> bool:
    """Check every draft, handing each report to every sink as it is done; True if all pass.

    The reports of a run whose output is streamed (JSON Lines, a directory) are not
    kept: the run holds a window of drafts at a time (``pipeline.STREAM_WINDOW``).
    Files skipped in folders (``found.skipped``, and drafts found there that turn out
    empty or unreadable) go to every sink too, which lists and counts them.
    """
    from contextlib import ExitStack

    from factcheck.errors import DraftError
    from factcheck.pipeline import STREAM_WINDOW, Collaborators, stream

    streaming = not all(getattr(sink, "keeps_reports", False) for sink in sinks)
    passed = True
    skipped = list(found.skipped)
    gone: set[str] = set()

    def skip(one: SkippedDraft) -> None:
        skipped.append(one)
        gone.add(one.path)
        for sink in sinks:
            sink.skip(one)

    with ExitStack() as stack:
        for sink in sinks:
            stack.callback(sink.close)
        for one in found.skipped:
            for sink in sinks:
                sink.skip(one)
        engine = None
        if cluster is not None:
            from factcheck.cluster import connect

            engine = stack.enter_context(connect(cluster, debug=debug))
        progress = _progress(batch=streaming or engine is not None, total=len(pairs))
        stack.callback(progress.close)
        lenient = frozenset(p for p, named in found.drafts if not named)
        tools = Collaborators(progress=progress, workers=jobs, engine=engine, notice=_notice,
                              lenient=lenient, skipped=skip)
        reports = stream(pairs, tools, window=STREAM_WINDOW if streaming else None)
        # Reports come in draft order, without the drafts skipped before them.
        pending = iter(pairs)
        checked = 0
        for report in reports:
            config = next(c for p, c in pending if str(p) not in gone)
            checked += 1
            for sink in sinks:
                sink.add(report)
            progress.draft_done(report)
            passed = passed and (report.summary.passed or config.warn_only)
        if not checked:
            listed = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
            raise DraftError(f"no draft had anything to check ({listed})")
        for sink in sinks:
            sink.finish()
    return passed


def _notice(message: str) -> None:
    """What the pipeline says before it sends anything to a model: on stderr, once."""
    print(f"factcheck: {message}", file=sys.stderr)


def _targets(formats: list[Format], outputs: list[Path]) -> list[tuple[Format, Path | None]]:
    """Pair each format with where it goes: stdout, its own file, or DIR/report.<ext>."""
    from factcheck.errors import ConfigError
    from factcheck.report import EXTENSIONS

    stdout = [o for o in outputs if str(o) == "-"]
    if len(stdout) > 1 or (stdout and len(formats) > 1 and len(outputs) == 1):
        raise ConfigError("only one report can go to stdout ('-'); give the others a file")
    files = [o.resolve() for o in outputs if str(o) != "-"]
    if len(set(files)) != len(files):
        raise ConfigError("two reports would be written to the same file; give each "
                          "--format its own --output")
    if len(outputs) == 1 and not stdout and (outputs[0].is_dir() or (len(formats) > 1
                                                                    and not outputs[0].suffix)):
        folder = outputs[0]
        return [(f, folder / f"report.{EXTENSIONS[f]}")
                for f in dict.fromkeys(formats)]
    if not outputs and len(formats) == 1:
        return [(formats[0], None)]
    if len(outputs) != len(formats):
        raise ConfigError(
            f"{len(formats)} --format values but {len(outputs)} --output values; give one "
            "--output per --format, or one directory for all of them")
    return list(zip(formats, outputs, strict=True))


def _options(output: Path | None, *, verbose: bool, quiet: bool) -> ReportOptions:
    """Width and colour for where the report goes: the terminal's, else plain."""
    from factcheck.report import ReportOptions

    to_terminal = (output is None or str(output) == "-") and sys.stdout.isatty()
    if to_terminal:
        import shutil

        return ReportOptions(width=shutil.get_terminal_size().columns,
                             color="NO_COLOR" not in os.environ, verbose=verbose, quiet=quiet)
    return ReportOptions(width=_pipe_width(), color=False, verbose=verbose, quiet=quiet)


def _pipe_width() -> int:
    """Width for files and pipes: $COLUMNS when it is a number, else 100."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and 40 <= int(columns) <= 1000 else 100


def _check_writable_dir(path: Path, what: str | None = None) -> None:
    """Refuse a folder that runs through a file before any network work, not after."""
    from factcheck.errors import ConfigError

    blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ConfigError(f"cannot {what or f'save the snapshot in {path}'}: "
                          f"{blocker} is a file, not a directory")


@app.command()
def fetch(
    drafts: DraftsArg,
    snapshot: Annotated[
        Path, typer.Option("--snapshot", help="Directory to save the sources and manifest in; "
                           "an existing snapshot is added to, never replaced.")
    ],
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    refresh: RefreshOpt = False,
    allow_private: PrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_bytes: MaxBytesOpt = None,
    concurrency: ConcurrencyOpt = None,
    per_host: PerHostOpt = None,
    retries: RetriesOpt = None,
    max_redirects: RedirectsOpt = None,
    max_age: MaxAgeOpt = None,
    respect_robots: RobotsOpt = False,
    archive_fallback: ArchiveOpt = False,
    exclude: ExcludeOpt = None,
    config_file: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Save every source the DRAFTs cite into a snapshot for offline, reproducible checks.

    Fetching into an existing snapshot merges: new sources are added, saved ones kept
    (and not fetched again) unless --refresh. Exits 1 when a source could not be fetched
    (its failure is recorded in the snapshot).
    """
    with guarded(debug):
        from factcheck.fetch import fetch_all, merge_plan, save_snapshot
        from factcheck.models import FetchFailed

        found = _expand(drafts)
        first = found.drafts[0][0]
        config = _config(str(first), config_file, cache_dir=cache_dir,
                         use_cache=False if no_cache else None, refresh=refresh or None,
                         allow_private=allow_private or None, timeout=timeout,
                         **_fetch_flags(max_bytes=max_bytes, concurrency=concurrency,
                                        per_host=per_host, retries=retries,
                                        max_redirects=max_redirects, max_age=max_age,
                                        respect_robots=respect_robots,
                                        archive_fallback=archive_fallback, exclude=exclude))
        # Fetching makes the snapshot: never read one, and always use the network.
        config = replace(config, snapshot=None, offline=False)
        _check_writable_dir(snapshot)
        urls = _cited_urls_of(found, config)
        todo, keep = merge_plan(urls, snapshot, refresh=config.refresh)
        progress = _progress()
        try:
            results = fetch_all(todo, config, progress=progress) if todo else {}
        finally:
            progress.close()
        try:
            save_snapshot(results, snapshot, keep=keep)
        except OSError as exc:
            from factcheck.errors import ConfigError

            raise ConfigError(f"cannot save the snapshot in {snapshot}: "
                              f"{exc.strerror or exc}") from exc
        failed = {url: r for url, r in results.items() if isinstance(r, FetchFailed)}
        for url, result in failed.items():
            print(f"factcheck: {url}: {result.status.value}: {result.message}", file=sys.stderr)
        for skip in found.skipped:
            print(f"factcheck: skipped {skip.path}: {skip.reason}", file=sys.stderr)
        print(_fetch_summary(len(urls), results, len(urls) - len(todo), snapshot),
              file=sys.stderr)
    # A snapshot with a dead source is still usable, but the run should not look clean.
    raise typer.Exit(EXIT_FAIL if failed else EXIT_PASS)


def _cited_urls_of(found: _Found, config: Config) -> list[str]:
    """Every URL the drafts cite, once, in order; an empty named draft is a usage error."""
    from factcheck.draft import load_draft, unusable
    from factcheck.errors import DraftError
    from factcheck.pipeline import cited_urls

    urls: dict[str, None] = {}
    for path, named in found.drafts:
        parsed = load_draft(path, config.max_draft_bytes)
        if (why := unusable(parsed)) is not None:
            if named:
                raise DraftError(f"draft {parsed.path}: {why}; give a draft with prose and "
                                 "citations")
            continue
        urls.update(dict.fromkeys(cited_urls(parsed)))
    return list(urls)


def _fetch_summary(cited: int, results: dict[str, Any], kept: int, snapshot: Path) -> str:
    """One line: how many sources were saved, how each was read (a copy from the cache is
    said so, with its age: it is what the snapshot now holds), kept, failed."""
    from factcheck.models import Fetched, Origin
    from factcheck.report.common import plural, when

    if not cited:
        return (f"factcheck: the drafts cite no http(s) source, so nothing was saved to "
                f"{snapshot}; cite sources with [n] markers and a References list, or links")
    saved = [r for r in results.values() if isinstance(r, Fetched)]
    line = (f"factcheck: {plural(cited, 'cited source')}: saved {len(saved)} of "
            f"{len(results)} in {snapshot}")
    read = [f"{n} {word}" for origin, word in ((Origin.NETWORK, "fetched now"),
                                                (Origin.REVALIDATED, "revalidated now"))
            if (n := sum(1 for r in saved if r.origin is origin))]
    cached = [r for r in saved if r.origin is Origin.CACHE]
    if cached:
        read.append(f"{len(cached)} from the cache without asking the server, oldest fetched "
                    f"{when(min(r.fetched_at for r in cached))}")
    line += f" ({', '.join(read)})" if read else ""
    if cached:
        line += "; --refresh or --max-age 0 fetches them again"
    if kept:
        line += f"; kept {kept} already in the snapshot (--refresh fetches them again)"
    return line + ("; failures are recorded in the manifest" if len(saved) < len(results)
                   else "")


@app.command()
def claims(
    draft: DraftArg,
    fmt: Annotated[
        ClaimsFormat, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = ClaimsFormat.TABLE,
    debug: DebugOpt = False,
) -> None:
    """List the claims of DRAFT: line, text, citations and why uncited ones need one."""
    with guarded(debug):
        import shutil

        from factcheck.config import load_config
        from factcheck.draft import load_draft, unusable
        from factcheck.errors import DraftError
        from factcheck.pipeline import check_worthiness
        from factcheck.report.claims import render_claims

        path = _draft_path(draft)
        config = load_config(None if draft == "-" else path, {})
        parsed = load_draft(path, config.max_draft_bytes, rules=check_worthiness(config))
        if (why := unusable(parsed)) is not None:
            raise DraftError(f"draft {parsed.path}: {why}; give a draft with prose and "
                             "citations")
        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else _pipe_width()
        sys.stdout.write(render_claims(parsed, fmt.value, color=tty, width=width))


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="File to write, or a folder to put .factcheck.toml in.")
    ] = Path(".factcheck.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write a commented starter .factcheck.toml (never overwrites without --force)."""
    with guarded(debug):
        from factcheck.init import write_starter

        written = write_starter(path, force=force)
        print(f"factcheck: wrote {written}", file=sys.stderr)


def main() -> None:
    """Console-script entry point: usage errors become one line and exit 2."""
    from typer.exceptions import TyperException  # base of the usage errors typer raises

    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        print("factcheck: interrupted", file=sys.stderr)
        code = 130
    except TyperException as exc:
        code = _usage_error(exc)
    sys.exit(code if isinstance(code, int) else EXIT_PASS)


def _usage_error(exc: Exception) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        print(ctx.get_help(), file=sys.stderr)
        return EXIT_USAGE
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    command = ctx.command_path if ctx is not None else "factcheck"
    print(f"factcheck: error: {message} (see '{command} --help')", file=sys.stderr)
    return int(getattr(exc, "exit_code", EXIT_USAGE))
