"""Median `study.ask()` latency of Optuna's TPESampler on a pre-filled study (called by bench/latency/run.ts).

Usage: /usr/bin/python3 bench/latency/optuna_ask.py '{"sizes": [100, 200], "asks": 15, "dims": 6, "seed": 1}'
Prints one JSON object: {"version": ..., "results": {"100": {"median_ms": ..., "times_ms": [...]}, ...}}.
The history is random points on [0,1]^6 valued by Hartmann-6, like the Node side's.
"""
import json
import math
import sys
import time

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x):
    return float(-(ALPHA * np.exp(-(A * (np.asarray(x) - P) ** 2).sum(1))).sum())


def main():
    cfg = json.loads(sys.argv[1])
    dims, asks, seed = cfg["dims"], cfg["asks"], cfg["seed"]
    rng = np.random.default_rng(seed)
    dists = {f"x{i}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(dims)}
    out = {}
    for n in cfg["sizes"]:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        trials = []
        for _ in range(n):
            x = rng.random(dims)
            trials.append(optuna.trial.create_trial(params={f"x{i}": float(v) for i, v in enumerate(x)}, distributions=dists, value=hartmann6(x)))
        study.add_trials(trials)
        times = []
        for _ in range(asks):
            t0 = time.perf_counter()
            trial = study.ask(dists)
            times.append((time.perf_counter() - t0) * 1000)
            study.tell(trial, hartmann6([trial.params[f"x{i}"] for i in range(dims)]))
        out[str(n)] = {"median_ms": float(np.median(times)), "times_ms": times}
    print(json.dumps({"version": optuna.__version__, "results": out}))


if __name__ == "__main__":
    main()
