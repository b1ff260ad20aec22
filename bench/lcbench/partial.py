import re, math, collections, sys
cells = collections.defaultdict(dict)
for f in sys.argv[1:]:
    for line in open(f):
        m = re.match(r"(\S+) (\d+) seed (\d+): (>?)(\d+) epochs, (\d+) trials", line)
        if m:
            meth, task, seed, miss, ep, tr = m.groups()
            cells[meth][(task, int(seed))] = (int(ep), miss == ">", int(tr))
full = 2600
tasks = ["3945", "7593", "34539", "126025", "146212", "167104", "168868", "189908"]
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
print("| method | tasks complete (5 seeds) | speed-up, geo. mean over those tasks | slowest task | misses | cells |")
print("|---|---:|---:|---:|---:|---:|")
per = {}
for meth, cs in cells.items():
    done = [t for t in tasks if all((t, s) in cs for s in range(5))]
    sp = {t: geo([full / cs[(t, s)][0] for s in range(5)]) for t in done}
    per[meth] = sp
    misses = sum(v[1] for v in cs.values())
    if done:
        print(f"| {meth} | {len(done)} | {geo(list(sp.values())):.2f}x | {min(sp.values()):.2f}x | {misses} | {len(cs)} |")
    else:
        print(f"| {meth} | 0 | - | - | {misses} | {len(cs)} |")
print()
meths = list(cells)
print("| task | " + " | ".join(meths) + " |")
print("|---|" + "---:|" * len(meths))
for t in tasks:
    row = []
    for m in meths:
        row.append(f"{per[m][t]:.2f}x" if t in per[m] else "-")
    print(f"| {t} | " + " | ".join(row) + " |")
