"""Optuna's side of the sample-efficiency benchmark (run.ts starts it; do not run by hand).

stdin:  {"method": "optuna-tpe" | "optuna-mvtpe" | "optuna-cmaes" | "optuna-random", "problem": name,
         "lo": [...], "hi": [...], "trials": N, "runs": [{"seed": k, "shift": [...]}, ...]}
stdout: {"optuna": version, "runs": [{"seed": k, "values": [f of trial 0..N-1], "seconds": wall}]}
Values are raw objective values g(x) = f(x - shift); run.ts turns them into regret with the same f* as ours.
"""
import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functions"))

import optuna  # noqa: E402
from functions import shifted  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def make_sampler(method, seed):
    if method == "optuna-tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if method == "optuna-mvtpe":
        return optuna.samplers.TPESampler(multivariate=True, seed=seed)
    if method == "optuna-cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if method == "optuna-random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown method {method}")


def run_one(req, run):
    g = shifted(req["problem"], run["shift"])
    lo, hi = req["lo"], req["hi"]
    values = []

    def objective(trial):
        x = [trial.suggest_float(f"x{j}", lo[j], hi[j]) for j in range(len(lo))]
        v = g(x)
        values.append(v)
        return v

    study = optuna.create_study(direction="minimize", sampler=make_sampler(req["method"], run["seed"]))
    t0 = time.perf_counter()
    study.optimize(objective, n_trials=req["trials"])
    return {"seed": run["seed"], "values": values, "seconds": time.perf_counter() - t0}


def main():
    req = json.load(sys.stdin)
    if req["method"] == "optuna-cmaes":
        import cmaes  # noqa: F401  (fail loudly if Debian's python3-cmaes is missing, instead of silently degrading)
    out = {"optuna": optuna.__version__, "runs": [run_one(req, r) for r in req["runs"]]}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
