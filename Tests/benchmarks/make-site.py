#!/usr/bin/env python3
"""Writes a synthetic content folder for benchmarking docgen: N pages in sections of 50, each about
3 KB of Markdown with headings, lists, code, and links to other pages and their headings."""

import sys
from pathlib import Path

PARAGRAPH = (
    "Lync Server routes federated traffic through the *Access Edge*, which looks up "
    "`_sipfederationtls._tcp` records to find partners. \"Smart\" quotes -- and dashes... "
    "A longer sentence follows so the page looks like documentation rather than a test vector.\n\n"
)


def page(index: int, count: int) -> str:
    other = (index * 7 + 3) % count
    parts = [f"---\ntitle: Page {index}\ndescription: Synthetic page {index}.\norder: {index}\n---\n"]
    for section in range(4):
        parts.append(f"## Part {section} of page {index}\n\n" + PARAGRAPH * 2)
        parts.append(f"- see [page {other}](../s{other // 50}/p{other}.md#part-{section}-of-page-{other})\n- item two\n\n")
        parts.append("```powershell\nSet-CsAccessEdgeConfiguration -AllowFederatedUsers $True\n```\n\n")
    return "".join(parts)


def main() -> None:
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    (target / "site.yml").write_text("title: Benchmark\n")
    (target / "index.md").write_text("---\ntitle: Home\n---\nStart at [page 0](s0/p0.md).\n")
    for index in range(count):
        folder = target / f"s{index // 50}"
        folder.mkdir(exist_ok=True)
        if index % 50 == 0:
            (folder / "index.md").write_text(f"---\ntitle: Section {index // 50}\norder: {index // 50}\n---\nSection.\n")
        (folder / f"p{index}.md").write_text(page(index, count))


if __name__ == "__main__":
    main()
