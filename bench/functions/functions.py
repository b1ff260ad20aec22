"""The test functions of functions.ts, written operation for operation the same way so that TypeScript and Python
(Optuna) evaluate the same objective. Pure `math` (no numpy) to keep the floating-point order identical.

CLI (used by test/unit/benchFunctions.test.ts):
    python3 functions.py eval     < {"problem": "...", "shift": [...], "points": [[...], ...]}
prints {"values": [...]}: g(x) = f(x - shift) at each point;
    python3 functions.py minimize < {"problem": "...", "shift": [...], "lo": [...], "hi": [...], "points": [[...], ...]}
prints {"values": [...]}: the minimum scipy's L-BFGS-B finds in the box from each start (a check that f* is not too
high: no local search may end below it).
"""
import json
import math
import sys

PI = math.pi


def branin(x):
    b = 5.1 / (4 * PI * PI)
    c = 5 / PI
    t = 1 / (8 * PI)
    u = x[1] - b * x[0] * x[0] + c * x[0] - 6
    return u * u + 10 * (1 - t) * math.cos(x[0]) + 10


H3_ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]

H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
H6_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H6_P = [
    [v * 1e-4 for v in r]
    for r in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]


def hartmann(alpha, A, P, x):
    s = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(len(x)):
            d = x[j] - P[i][j]
            inner += A[i][j] * d * d
        s += alpha[i] * math.exp(-inner)
    return -s


def rosenbrock(x):
    s = 0.0
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = x[i] - 1
        s += 100 * a * a + b * b
    return s


def levy(x):
    d = len(x)
    w = [1 + (v - 1) / 4 for v in x]
    s0 = math.sin(PI * w[0])
    s = s0 * s0
    for i in range(d - 1):
        si = math.sin(PI * w[i] + 1)
        s += (w[i] - 1) * (w[i] - 1) * (1 + 10 * si * si)
    sd = math.sin(2 * PI * w[d - 1])
    s += (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + sd * sd)
    return s


def ackley(x):
    d = len(x)
    sq = 0.0
    cs = 0.0
    for i in range(d):
        sq += x[i] * x[i]
        cs += math.cos(2 * PI * x[i])
    return -20 * math.exp(-0.2 * math.sqrt(sq / d)) - math.exp(cs / d) + 20 + math.e


def styblinski_tang(x):
    s = 0.0
    for v in x:
        s += v * v * v * v - 16 * v * v + 5 * v
    return 0.5 * s


FUNCTIONS = {
    "branin": branin,
    "hartmann3": lambda x: hartmann(H3_ALPHA, H3_A, H3_P, x),
    "hartmann6": lambda x: hartmann(H6_ALPHA, H6_A, H6_P, x),
    "rosenbrock4": rosenbrock,
    "levy10": levy,
    "ackley5": ackley,
    "styblinskiTang8": styblinski_tang,
}


def shifted(problem, shift):
    """g(x) = f(x - shift), as in shift.ts."""
    f = FUNCTIONS[problem]
    return lambda x: f([v - s for v, s in zip(x, shift)])


def _minimize(g, starts, lo, hi):
    from scipy.optimize import minimize

    bounds = list(zip(lo, hi))
    opts = {"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000}
    return [float(minimize(g, x0, method="L-BFGS-B", bounds=bounds, options=opts).fun) for x0 in starts]


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("eval", "minimize"):
        sys.exit("usage: functions.py eval|minimize < request.json")
    req = json.load(sys.stdin)
    g = shifted(req["problem"], req["shift"])
    if sys.argv[1] == "eval":
        values = [g(p) for p in req["points"]]
    else:
        values = _minimize(g, req["points"], req["lo"], req["hi"])
    json.dump({"values": values}, sys.stdout)
