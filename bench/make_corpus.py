#!/usr/bin/env python3
"""Builds a corpus of N filled returns from our own template, for the benchmark.

    python3 bench/make_corpus.py BIN N OUT_DIR [--seed 1]

The personalised templates of all 308 municipalities are written by `BIN template
--all-municipalities`; return i is municipality i % 308 (so 3,000 returns hold nearly ten
rounds), filled with random valid answers and varied adoption directly in the sheet XML
(inline strings, as several writers store them), and a response date. Where the cells are
comes from the first template (fixtures/layout.py). Python's standard library only.
"""

import os
import random
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures"))
import layout  # noqa: E402

LANG = "fi"


def catalog(bin_path):
    text = subprocess.run([bin_path, "catalog", "show"], check=True, capture_output=True).stdout
    return tomllib.loads(text.decode("utf-8"))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fill_cell(xml, ref, payload):
    """Replaces the blank styled cell `<c r="REF" s="N"/>` with a value."""
    pat = re.compile(r'<c r="%s"( s="\d+")?/>' % ref)
    m = pat.search(xml)
    if not m:
        return xml
    style = m.group(1) or ""
    return xml[: m.start()] + ('<c r="%s"%s%s</c>' % (ref, style, payload)) + xml[m.end() :]


def text_payload(s):
    return ' t="inlineStr"><is><t>%s</t></is>' % esc(s)


def number_payload(v):
    return "><v>%s</v>" % v


def fill_area(xml, area, rows, cols, cat, rng, maturity):
    adoption = [o["label"][LANG] for o in cat["adoption"]]
    stage_ids = [s["id"] for s in cat["stages"]]
    for svc, (_, r, _) in zip(area["services"], rows):
        row = r + 1
        has = svc.get("stages", stage_ids)
        if rng.random() < 0.02:
            continue  # left unanswered
        introduced = rng.random() < maturity
        xml = fill_cell(xml, "%s%d" % (layout.col_name(cols.adoption), row), text_payload(adoption[0 if introduced else 1]))
        if not introduced:
            continue
        for k, st in enumerate(cat["stages"]):
            if st["id"] not in has:
                continue
            opts = st["options"]
            scored = [o for o in opts if "score" in o]
            if rng.random() < 0.08 and len(opts) > len(scored):
                label = [o for o in opts if "score" not in o][0]["label"][LANG]
            else:
                top = min(len(scored) - 1, max(0, int(rng.gauss(maturity * len(scored), 1))))
                label = scored[top]["label"][LANG]
            xml = fill_cell(xml, "%s%d" % (layout.col_name(cols.stages[k]), row), text_payload(label))
        if rng.random() < 0.8:
            xml = fill_cell(xml, "%s%d" % (layout.col_name(cols.usage), row), number_payload(round(rng.uniform(0, 100), 1)))
    return xml


def main():
    bin_path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--seed" else 1
    rng = random.Random(seed)
    cat = catalog(bin_path)
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([bin_path, "template", "--all-municipalities", "--lang", LANG, "--out-dir", tmp],
                       check=True, capture_output=True)
        templates = sorted(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".xlsx"))
        lay = layout.read(templates[0])

        def ref(key):
            _, row, col = lay.respondent[key]
            return layout.cell_name(row, col)
        for i in range(n):
            src = templates[i % len(templates)]
            maturity = rng.uniform(0.1, 0.95)
            dest = os.path.join(out, "%05d-%s" % (i, os.path.basename(src)))
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    m = re.match(r"xl/worksheets/sheet(\d+)\.xml$", item.filename)
                    if m:
                        idx = int(m.group(1))
                        xml = data.decode("utf-8")
                        if idx - 1 == lay.respondent["respondent_name"][0]:
                            xml = fill_cell(xml, ref("respondent_name"), text_payload("Vastaaja %d" % i))
                            xml = fill_cell(xml, ref("response_date"),
                                            number_payload(46082 + (i // 308) * 365 + rng.randint(0, 40)))
                        elif idx - 1 in lay.area_indices:
                            a = lay.area_indices.index(idx - 1)
                            xml = fill_area(xml, cat["areas"][a], lay.area_rows[a], lay.cols, cat, rng, maturity)
                        data = xml.encode("utf-8")
                    zout.writestr(item, data)
    print("%d returns in %s" % (n, out))


if __name__ == "__main__":
    main()
