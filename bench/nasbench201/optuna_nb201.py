"""Optuna's side of the NAS-Bench-201 benchmark (run.ts starts it; do not run by hand).

argv: method (optuna-tpe | optuna-random), queries, data file, seeds...
stdout: one JSON line per seed: {"method", "seed", "test": [test acc of the best-by-validation arch after each query],
        "askMs": [ms per suggestion]}
"""
import json
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def arch(ops):
    return "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*ops)


def main():
    method, queries, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(data) as f:
        table = {r["arch"]: r for r in json.load(f)}
    for seed in (int(s) for s in sys.argv[4:]):
        if method == "optuna-tpe":
            sampler = optuna.samplers.TPESampler(seed=seed)
        elif method == "optuna-random":
            sampler = optuna.samplers.RandomSampler(seed=seed)
        else:
            raise SystemExit(f"unknown method {method}")
        study = optuna.create_study(direction="maximize", sampler=sampler)
        best_val, best_test, test, ask_ms = -1.0, float("nan"), [], []
        for _ in range(queries):
            t0 = time.perf_counter()
            trial = study.ask()
            ops = [trial.suggest_categorical(f"edge{e}", OPS) for e in range(6)]
            ask_ms.append((time.perf_counter() - t0) * 1000)
            rec = table[arch(ops)]
            study.tell(trial, rec["val_acc_200"])
            if rec["val_acc_200"] > best_val:
                best_val, best_test = rec["val_acc_200"], rec["test_acc_200"]
            test.append(best_test)
        print(json.dumps({"method": method, "seed": seed, "test": test, "askMs": ask_ms}), flush=True)


if __name__ == "__main__":
    main()
