# One Optuna 3.1 benchmark worker on RDBStorage: the same near-zero-time objective and a random sampler, so only the
# bookkeeping is measured. Says "ready", waits for a line on stdin, runs for the given seconds, prints the count.
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
url, name, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
storage = optuna.storages.RDBStorage(url)
study = optuna.load_study(study_name=name, storage=storage, sampler=optuna.samplers.RandomSampler())
print("ready", flush=True)
sys.stdin.readline()
count = 0


def objective(trial):
    global count
    x = trial.suggest_float("x", -5, 5)
    n = trial.suggest_int("n", 1, 4)
    count += 1
    return x * x + n


study.optimize(objective, timeout=seconds)
print(json.dumps({"trials": count}), flush=True)
