#!/usr/bin/env python3
"""mapcheck.py - check a picture vmload drew (tests/e2e/map.sh).

  mapcheck.py SVG [--maps FILE] [--absent FILE] [--labels a,b,..]
              [--end TEXT] [--cols N] [--col C]
  mapcheck.py SVG --compare-3g

The SVG must parse (xml.etree: well-formed). --maps: every line of that
copy of /proc/self/maps (except [vsyscall], outside the window) is drawn
as a region of column C with exactly its range and its maps line as the
tooltip, and no other region is drawn there. --absent: the ranges of that
file missing from --maps are not drawn. --labels: each appears as a
label. --end: the column head says how the program ended. --compare-3g:
two columns, legacy then top-down, the legacy mmap area near 1 GiB and
the top-down one just below the stack.
Prints one line saying what is wrong and exits 1, or exits 0.
"""
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print(msg)
    sys.exit(1)


def maps_lines(path):
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.endswith("[vsyscall]"):
                continue
            lo, hi = line.split()[0].split("-")
            out[(int(lo, 16), int(hi, 16))] = line
    return out


def regions(root, col):
    out = {}
    for r in root.iter(NS + "rect"):
        if r.get("class") != "vma" or r.get("data-col") != str(col):
            continue
        t = r.find(NS + "title")
        key = (int(r.get("data-start"), 16), int(r.get("data-end"), 16))
        out[key] = t.text if t is not None else None
    return out


def blocks(root, col, kind):
    return [(int(g.get("data-start"), 16), int(g.get("data-end"), 16))
            for g in root.iter(NS + "g")
            if g.get("class") == "block" and g.get("data-col") == str(col)
            and g.get("data-kind") == kind]


def all_text(root):
    return "\n".join("".join(t.itertext()) for t in root.iter(NS + "text"))


def check_maps(root, path, col):
    want = maps_lines(path)
    have = regions(root, col)
    if not want:
        fail("%s is empty" % path)
    for key, line in want.items():
        if key not in have:
            fail("region %x-%x of the maps is not drawn: %s" % (key[0], key[1], line))
        if have[key] != line:
            fail("tooltip differs: %r != %r" % (have[key], line))
    extra = sorted(set(have) - set(want))
    if extra:
        fail("drawn but not in the maps: %x-%x" % extra[0])
    return want


def check_compare_3g(root):
    text = all_text(root)
    for head in ("legacy layout", "top-down layout"):
        if head not in text:
            fail("no column head %r" % head)
    for col in (0, 1):
        if not regions(root, col):
            fail("column %d has no regions" % col)
    libs0 = blocks(root, 0, "library")
    libs1 = blocks(root, 1, "library")
    stack1 = blocks(root, 1, "stack")
    if not libs0 or not libs1 or not stack1:
        fail("libraries or stack missing")
    if not any(0x40000000 <= lo < 0x48000000 for lo, _ in libs0):
        fail("legacy: no library near 1 GiB: %s" % [hex(a) for a, _ in libs0])
    top = max(hi for _, hi in libs1)
    if not (0xb0000000 <= top < stack1[0][0]):
        fail("top-down: highest library %x not just below the stack %x"
             % (top, stack1[0][0]))


def main(argv):
    if len(argv) < 2:
        fail("usage: mapcheck.py SVG [options]")
    try:
        root = ET.parse(argv[1]).getroot()
    except (ET.ParseError, OSError) as e:
        fail("%s: not well-formed: %s" % (argv[1], e))
    if root.tag != NS + "svg":
        fail("root element is %s" % root.tag)
    opts = {}
    i = 2
    while i < len(argv):
        if argv[i] == "--compare-3g":
            opts["compare"] = True
            i += 1
        else:
            opts[argv[i]] = argv[i + 1]
            i += 2
    col = int(opts.get("--col", "0"))
    drawn = regions(root, col)
    if not drawn and "--maps" not in opts and not blocks(root, col, "stack"):
        fail("nothing drawn in column %d" % col)
    if "--cols" in opts:
        n = len({g.get("data-col") for g in root.iter(NS + "g")
                 if g.get("class") == "block"})
        if n != int(opts["--cols"]):
            fail("%d columns, expected %s" % (n, opts["--cols"]))
    want = check_maps(root, opts["--maps"], col) if "--maps" in opts else {}
    if "--absent" in opts:
        for key, line in maps_lines(opts["--absent"]).items():
            if key not in want and key in drawn:
                fail("drawn although not the drawing process's: %s" % line)
    text = all_text(root)
    for label in filter(None, opts.get("--labels", "").split(",")):
        if label not in text:
            fail("no label %r" % label)
    if "--end" in opts and opts["--end"] not in text:
        fail("the head does not say %r" % opts["--end"])
    if opts.get("compare"):
        check_compare_3g(root)


main(sys.argv)
