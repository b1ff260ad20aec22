"""Optuna's side of the multi-objective benchmark (run.ts starts it; do not run by hand).

stdin:  {"method": "optuna-nsga2" | "optuna-motpe", "problem": name, "trials": N, "seeds": [...], "data": dir}
stdout: {"optuna": version, "runs": [{"seed": k, "values": [[...] per trial], "g": [[...] or null per trial]}]}
"""
import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import optuna  # noqa: E402
from problems import problem  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def run_one(req, seed):
    p = problem(req["problem"], req["data"])
    constrained = p.get("constraints", 0) > 0
    cons = {}

    def constraints_func(trial):
        return cons[trial.number]

    kw = {"seed": seed}
    if constrained:
        kw["constraints_func"] = constraints_func
    if req["method"] == "optuna-nsga2":
        sampler = optuna.samplers.NSGAIISampler(**kw)
    else:
        sampler = optuna.samplers.TPESampler(**kw)
    values, gs = [], []

    def objective(trial):
        if "choices" in p:
            x = [trial.suggest_categorical(f"e{j}", p["choices"]) for j in range(p["dims"])]
        else:
            x = [trial.suggest_float(f"x{j}", 0.0, 1.0) for j in range(p["dims"])]
        v, g = p["f"](x)
        values.append(v)
        gs.append(g)
        if constrained:
            cons[trial.number] = g
        return v if len(v) > 1 else v[0]

    study = optuna.create_study(directions=p["directions"], sampler=sampler)
    t0 = time.perf_counter()
    study.optimize(objective, n_trials=req["trials"])
    return {"seed": seed, "values": values, "g": gs, "seconds": time.perf_counter() - t0}


def main():
    req = json.load(sys.stdin)
    json.dump({"optuna": optuna.__version__, "runs": [run_one(req, s) for s in req["seeds"]]}, sys.stdout)


if __name__ == "__main__":
    main()
