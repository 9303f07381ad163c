#!/usr/bin/env python3
"""Writes docs/licences.md: every crate in Cargo.lock with its licence, whether the binary
contains it or only the tests use it, and the licence we take it under (for EUPL-1.2).

Run from the repository root after changing dependencies:
    python3 docs/licences.py > docs/licences.md
It reads `cargo metadata` (all platforms), so it needs every crate fetched (cargo fetch).
The test `licences::every_locked_crate_is_listed` fails while the listing is stale."""

import json
import re
import subprocess
import sys

# Licences whose terms let their code be combined into a work distributed under EUPL-1.2
# (they are permissive: keep the copyright and licence notices; Apache-2.0 also its NOTICE).
ACCEPTED = ["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
            "Zlib", "Unicode-3.0", "MIT-0", "CC0-1.0", "Unlicense", "bzip2-1.0.6"]


def normalise(expr):
    """Old crates write `MIT/Apache-2.0` for `MIT OR Apache-2.0`."""
    return re.sub(r"\s*/\s*", " OR ", expr.strip())


def choose(expr):
    """The licence(s) we take the crate under: for each AND-part, the first accepted
    alternative. None when some part has no accepted alternative."""
    parts = [p.strip().strip("()") for p in re.split(r"\)\s+AND\s+\(|\)\s+AND\s+|\s+AND\s+\(", normalise(expr))]
    if len(parts) == 1 and " AND " in parts[0] and " OR " not in parts[0]:
        parts = parts[0].split(" AND ")
    chosen = []
    for part in parts:
        alternatives = [a.strip().strip("()") for a in part.split(" OR ")]
        ok = [a for a in alternatives if a in ACCEPTED]
        if not ok:
            return None
        chosen.append(ok[0])
    return " AND ".join(chosen)


def main():
    meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--locked"],
                                     check=True, capture_output=True, text=True).stdout)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]

    # In the binary: reachable from the root through normal and build dependencies.
    def walk(start, kinds):
        seen, todo = set(), [start]
        while todo:
            for dep in nodes[todo.pop()]["deps"]:
                if any(k["kind"] in kinds for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                    seen.add(dep["pkg"])
                    todo.append(dep["pkg"])
        return seen

    shipped = walk(root, {None, "build"})
    rows, bad = [], []
    for pid, p in sorted(packages.items(), key=lambda kv: (kv[1]["name"], kv[1]["version"])):
        if pid == root:
            continue
        expr = p.get("license") or "(none)"
        chosen = choose(expr) if p.get("license") else None
        if chosen is None:
            bad.append(f"{p['name']} {p['version']}: {expr}")
        use = "binary" if pid in shipped else "tests/build only"
        rows.append(f"| {p['name']} | {p['version']} | {use} | {expr} | {chosen or '**not accepted**'} |")

    print("""# Dependency licences

digiaste is licensed under the European Union Public Licence 1.2 (`LICENSE`). Every crate it
is built with is listed below with the licence it declares and the one we take it under.
All of them are permissive licences (MIT, Apache-2.0, BSD, Zlib, Unicode, CC0/MIT-0,
Unlicense, bzip2): they allow their code to be combined into a larger work distributed under
another licence, EUPL-1.2 included, on condition that their copyright and licence notices
are kept (and, for Apache-2.0, its NOTICE file and a statement of changes). None of them is
copyleft, so none imposes its own terms on digiaste; where a crate offers a choice that
includes a copyleft licence (LGPL), we take a permissive alternative. EUPL-1.2 itself (its
Article 5 and Appendix) lets the combined work be distributed under EUPL-1.2.

Whoever distributes the binary must ship the dependencies' notices with it (for example
the output of a notice generator such as `cargo about`, which is not part of this
repository).

Besides code, the binary embeds data under licences of their own: the map of the
municipalities and regions (`templates/map/`, National Land Survey of Finland and
Statistics Finland, CC BY 4.0: every map the tool draws with a legend carries the
attribution, `templates/map/SOURCES.md`) and the font Liberation Sans (`templates/fonts/`,
SIL Open Font License 1.1, unmodified, its licence in `templates/fonts/OFL.txt`; the OFL
lets it be embedded in software under any licence, and does not extend to the maps drawn
with it). The intake pages' style sheet (`templates/web/style.css`) copies a few colour and
type values of the Suomi.fi design system's tokens (npm `suomifi-design-tokens` 7.0.0, MIT,
its licence in `templates/web/suomifi-design-tokens.LICENSE`). The browser test
(`tests/browser/`) installs axe-core (npm, MPL-2.0) at test time only; nothing of it is in
the binary or the repository.

"binary" = a normal dependency: compiled into `digiaste` (or into the macros it is built
with) on at least one platform; "tests/build only" = used only by the test suite or the
build. Both are listed, as both are fetched with the source.

Generated by `python3 docs/licences.py > docs/licences.md` from `cargo metadata`; the same
policy is in `deny.toml`, for `cargo deny --offline check licenses` (cargo-deny, installed with
`cargo install cargo-deny --locked`; it passed with cargo-deny 0.20.2 when this listing was
introduced). The test suite checks that every crate of `Cargo.lock` is listed here.
""")
    print(f"{len(rows)} crates; accepted licences: {', '.join(ACCEPTED)}.\n")
    print("| crate | version | in | declared licence | taken under |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    if bad:
        print("\n## Not accepted\n")
        print("\n".join(f"- {b}" for b in bad))
        print("\n".join(bad), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
