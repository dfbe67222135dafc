"""A fresh set is dealt by a salted hash: the same salt deals the same way, every draft
lands in exactly one half with its own labelled rows, and the halves alternate."""

from __future__ import annotations

from pathlib import Path

from benchmarks.fresh_split import deal

HEADER = "draft\tclaim_prefix\tcited\texpected\tkind"


def writer(root: Path, name: str, drafts: int) -> Path:
    folder = root / name
    (folder / "drafts").mkdir(parents=True)
    rows = [HEADER]
    for k in range(drafts):
        (folder / "drafts" / f"d{k}.md").write_text(f"Draft {k} [1].\n", encoding="utf-8")
        rows += [f"d{k}.md\tDraft {k}\tany\tsupported\tfaithful",
                 f"d{k}.md\tAnother {k}\tany\tnot_supported\tscope"]
    (folder / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_the_salt_alone_decides_and_every_draft_keeps_its_rows(tmp_path: Path) -> None:
    writers = [writer(tmp_path / "raw", "w1", 3), writer(tmp_path / "raw", "w2", 2)]
    first = deal(tmp_path / "a", "salt-1:", writers)
    again = deal(tmp_path / "b", "salt-1:", writers)
    other = deal(tmp_path / "c", "salt-2:", writers)
    assert first == again
    assert sorted(first) != sorted(other) or [d for *_, d in first] != [d for *_, d in other]
    assert [h for h, *_ in first] == ["test", "tune", "test", "tune", "test"]
    assert sorted((w, d) for _, w, d in first) == [
        ("w1", "d0.md"), ("w1", "d1.md"), ("w1", "d2.md"), ("w2", "d0.md"), ("w2", "d1.md")]
    for half, w, d in first:
        rows = (tmp_path / "a" / half / w / "expected.tsv").read_text().splitlines()
        assert rows[0] == HEADER
        assert sum(r.startswith(d + "\t") for r in rows) == 2
        assert (tmp_path / "a" / half / w / "drafts" / d).is_file()
