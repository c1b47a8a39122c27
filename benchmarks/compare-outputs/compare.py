#!/usr/bin/env python3
"""compare.py [--strict] A B: every file of two run.sh output folders. JSON: keys sorted, numbers as
written (with --strict: line by line), timing fields aside; console: run-time seconds aside; every
other file byte for byte. Prints, for JSON numbers that differ, the largest relative difference per
field name; exits 1 when a file differs."""
import json, os, re, sys, collections
strict = "--strict" in sys.argv
args = [x for x in sys.argv[1:] if x != "--strict"]
a, b = args[0], args[1]
TIMING = {"run_time_s", "kernels_s", "copies_s"}
def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
def canon(node):
    if isinstance(node, dict):
        return {k: canon(v) for k, v in node.items() if k not in TIMING}
    if isinstance(node, list):
        return [canon(v) for v in node]
    return node
worst = collections.defaultdict(float)
def numdiff(x, y, key=""):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in x:
            if k in y: numdiff(x[k], y[k], k)
    elif isinstance(x, list) and isinstance(y, list):
        for u, v in zip(x, y): numdiff(u, v, key)
    elif isinstance(x, str) and isinstance(y, str) and x != y:
        try:
            u, v = float(x), float(y)
            worst[key] = max(worst[key], abs(u - v) / max(abs(u), abs(v)))
        except ValueError:
            worst[key + " (text)"] = 1
def console(path):
    text = open(path, errors="replace").read()
    text = re.sub(r", [0-9]+\.[0-9] s\n", ", T s\n", text)
    return text
fa, fb = files(a), files(b)
differ = 0
for f in sorted(set(fa) | set(fb)):
    if f not in fb or f not in fa:
        print("ONLY IN", a if f in fa else b, f); differ += 1; continue
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f.endswith(".json") and strict:
        drop = lambda p: [l for l in open(p) if not re.match(r'\s*"(run_time_s|kernels_s|copies_s)"', l)]
        same = drop(pa) == drop(pb)
    elif f.endswith(".json"):
        ja = canon(json.load(open(pa), parse_float=str, parse_int=str))
        jb = canon(json.load(open(pb), parse_float=str, parse_int=str))
        same = json.dumps(ja, sort_keys=True) == json.dumps(jb, sort_keys=True)
        if not same: numdiff(ja, jb)
    elif f.endswith(".console"):
        same = console(pa) == console(pb)
    else:
        same = open(pa, "rb").read() == open(pb, "rb").read()
    if not same:
        print("DIFF", f); differ += 1
for k, v in sorted(worst.items()):
    print("  largest relative difference in %s: %.3g" % (k, v))
print("compared %d files: %s" % (len(set(fa) | set(fb)), "identical" if differ == 0 else "%d differ" % differ))
sys.exit(1 if differ else 0)
