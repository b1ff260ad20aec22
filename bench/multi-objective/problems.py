"""The benchmark problems for Optuna's side; a mirror of problems.ts (same formulas, same data)."""
import json
import math
import os

ZDT_N = 10
NB201_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def zdt(kind):
    def f(x):
        f1 = x[0]
        g = 1 + 9 * sum(x[1:]) / (ZDT_N - 1)
        r = f1 / g
        if kind == 1:
            h = 1 - math.sqrt(r)
        elif kind == 2:
            h = 1 - r * r
        else:
            h = 1 - math.sqrt(r) - r * math.sin(10 * math.pi * f1)
        return [f1, g * h], None

    return {"dims": ZDT_N, "directions": ["minimize", "minimize"], "f": f}


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a = x[0] * math.pi / 2
    b = x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)], None


def branin_currin(x):
    u, v = x
    x1 = 15 * u - 5
    x2 = 15 * v
    branin = (
        (x2 - 5.1 / (4 * math.pi**2) * x1 * x1 + 5 / math.pi * x1 - 6) ** 2
        + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1)
        + 10
    )
    currin = (1 - math.exp(-1 / (2 * max(v, 1e-12)))) * (
        (2300 * u**3 + 1900 * u**2 + 2092 * u + 60) / (100 * u**3 + 500 * u**2 + 4 * u + 20)
    )
    return [branin, currin], [(x1 - 2.5) ** 2 + (x2 - 7.5) ** 2 - 50]


def nb201(data_dir):
    with open(os.path.join(data_dir, "nasbench201", "nb201_cifar10.json")) as fh:
        rows = json.load(fh)
    by_arch = {r["arch"]: r for r in rows}

    def f(e):
        arch = f"|{e[0]}~0|+|{e[1]}~0|{e[2]}~1|+|{e[3]}~0|{e[4]}~1|{e[5]}~2|"
        r = by_arch[arch]
        return [r["val_acc_200"], r["flops_M"]], None

    return {"dims": 6, "choices": NB201_OPS, "directions": ["maximize", "minimize"], "f": f}


def problem(name, data_dir):
    if name.startswith("zdt"):
        return zdt(int(name[3:]))
    if name == "dtlz2":
        return {"dims": 7, "directions": ["minimize"] * 3, "f": dtlz2}
    if name == "c-branin-currin":
        return {"dims": 2, "directions": ["minimize", "minimize"], "f": branin_currin, "constraints": 1}
    if name == "nb201-cifar10":
        return nb201(data_dir)
    raise SystemExit(f"unknown problem {name}")
