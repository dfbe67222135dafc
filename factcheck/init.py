"""``factcheck init``: write a commented starter ``.factcheck.toml``.

The starter sets the settings a newsroom most often changes to their defaults
and lists every other setting commented out, each with what it does, so the
file documents itself. It never overwrites an existing file unless asked; a
test checks it names every ``Config`` field and loads to the defaults.
"""

from __future__ import annotations

from pathlib import Path

from factcheck.config import Config
from factcheck.errors import ConfigError

FILENAME = ".factcheck.toml"

STARTER = """\
# factcheck settings. Found by walking up from the draft; a [tool.factcheck] table in
# pyproject.toml works too. Precedence: defaults < this file < FACTCHECK_* environment
# variables < command-line flags. Every setting is documented in docs/configuration.md.

# --- Policy: what makes `factcheck check` exit 1 --------------------------------------
# Verdicts that fail the draft: supported, partially_supported, not_supported,
# source_unavailable, needs_citation, citation_missing.
fail_on = ["not_supported", "citation_missing"]
# Also fail any claim whose score is below this (0 to 1). Unset by default.
# min_score = 0.3
# Report, but always exit 0 (useful while a newsroom adopts the check).
warn_only = false
# Fail when not one cited source could be read (a misconfigured run must not look green).
# fail_if_unchecked = true
# With it: fail when even one cited claim was left unchecked (its sources unreadable);
# false (or --allow-unchecked) lets such a draft pass when something else was checked.
# fail_if_any_unchecked = true
# Fail a draft with check-worthy sentences and not one citation (nothing could be checked).
# fail_if_uncited = true

# --- Claims: which uncited sentences need a citation ------------------------------------
# check_worthy_signals = ["number", "percentage", "date", "quotation", "superlative",
#                         "entity_action", "attribution", "negation"]
# Extra rules: reason = regular expression.
# check_worthy_patterns = { hedge = '\\breportedly\\b' }

# --- Matching: score thresholds for the verdicts --------------------------------------
# A claim scoring at least supported_threshold is "supported"; at least
# partial_threshold, "partially_supported"; below that, "not_supported".
supported_threshold = @SUPPORTED@
partial_threshold = @PARTIAL@
# How the matcher reads a source (see docs/accuracy.md before changing these).
# window_sentences = 3
# coverage_windows = 3
# candidate_sentences = 8
# dateline_sentences = 5
# heading_max_words = 6
# name_weight = 1.5
# name_prefix = 5
# approx_tolerance = 0.1
# bound_reach = 0.5
# change_tolerance = 0.05
# quote_similarity = 90.0
# match_cache_documents = 256
# Pages that back less than this share of a claim's words do not address it.
# min_page_coverage = 0.2
# The trained spaCy pipeline of the frame stage; "" runs without it (fewer relation
# errors caught).
# spacy_model = "en_core_web_sm"
# frame_sentences = 4
# frame_neighbours = 1

# --- Model verifiers (docs/verifiers.md) ----------------------------------------------
# A second opinion from a model. Which model reads the draft, and where it is sent, is
# for whoever runs the check: a file found beside a draft cannot set verifier, llm_url,
# llm_model or nli_model (give them as flags, FACTCHECK_* variables or with --config).
# The API key is read only from the FACTCHECK_LLM_API_KEY environment variable.
# verifier = "lexical"          # or "llm", "nli"
# llm_url = "http://127.0.0.1:8000/v1"
# llm_model = "qwen2.5-7b-instruct"
# llm_max_calls = 200
# llm_max_tokens = 300000
# llm_timeout = 60.0
# llm_concurrency = 4
# llm_answer_tokens = 300
# nli_model = "models/minicheck-deberta"
# nli_threshold = 0.5
# nli_batch_size = 8
# Passages per cited source sent to the model, and their size in tokens.
# verify_passages = 2
# verify_passage_tokens = 400

# --- Fetching sources ------------------------------------------------------------------
# Seconds to connect and for each read; a whole download gets three times this.
timeout = 10.0
# Regular expressions; sources whose URL matches are skipped (status "excluded"),
# e.g. paywalled sites the check cannot read.
exclude = []
# exclude = ['^https?://(www\\.)?paywalled\\.example\\.com/']
# How many times a failed request is retried.
# retries = 2
# Seconds before the first retry, doubled for each further one (with jitter).
# retry_backoff = 0.5
# Largest response body accepted, in bytes, after decompression.
# max_bytes = 10000000
# Requests in flight at once, in total and per host.
# concurrency = 32
# per_host = 4
# Redirects followed before giving up with "redirect_loop".
# max_redirects = 10
# Longest Retry-After wait (seconds) honoured before giving up on a source.
# max_retry_after = 30.0
# Loopback and private addresses are refused, so untrusted drafts cannot probe your
# network. Allowing them takes --allow-private, FACTCHECK_ALLOW_PRIVATE=true or
# --config pointing at this file: a file found beside a draft cannot turn it on.
# allow_private = false
# Honour robots.txt when fetching sources.
# respect_robots = false
# Try the Internet Archive when a source is dead, and which API to ask.
# archive_fallback = false
# archive_api = "https://archive.org/wayback/available"
# Seconds for fetching all sources of one run; sources not read by then are reported.
# fetch_deadline = 900.0
# Timeouts or refused connections on one host after which its other sources are skipped.
# host_failures = 3
# Seconds for reading the text of one source (HTML, PDF) before it is given up.
# extract_timeout = 30.0
# A file found beside a draft may raise these limits only so far (timeout 60 s, max_bytes
# 50 MB, retries 5...); docs/configuration.md lists the ceilings.

# --- Cache and offline runs ------------------------------------------------------------
# Where fetched sources are cached (default: the user cache directory). Like
# allow_private, only a flag, the environment or --config may set it.
# cache_dir = ".factcheck-cache"
# Read and write the cache (--no-cache: neither).
# use_cache = true
# Ask the server whether a cached source changed (ETag / Last-Modified) on every run.
# revalidate = true
# Seconds a cached source the server gives no validator for is used without asking (7 days).
# max_age = 604800.0
# Fetch every source again and replace the cached copy (--refresh).
# refresh = false
# Never open a socket: use cached sources only.
# offline = false
# Read sources only from a snapshot made by `factcheck fetch` (no network at all).
# snapshot = "sources/"

# --- Drafts ------------------------------------------------------------------------------
# Drafts larger than this many bytes are refused rather than parsed slowly.
# max_draft_bytes = 5000000
"""

# The calibrated thresholds change when the matcher is refitted; take them from Config.
STARTER = STARTER.replace("@SUPPORTED@", repr(Config().supported_threshold)).replace(
    "@PARTIAL@", repr(Config().partial_threshold)
)


def write_starter(path: Path, *, force: bool = False) -> Path:
    """Write the starter config to ``path`` (a file, or a folder to put it in)."""
    target = path / FILENAME if path.is_dir() else path
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists; use --force to overwrite it")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target
