"""Optuna 3.1's TPE + HyperbandPruner on the LCBench surrogate (run.ts starts this; not for running by hand).

The surrogate is the same ONNX model our side uses, evaluated by the same Node code (server.ts) over a pipe, so
both sides see identical learning curves (the values cross the pipe as round-trip decimals, so bit for bit).

stdin:  {"units": [{"task", "seed", "target", "cap"}], "eta": 3, "max_epoch": 52, "server": [argv...]}
stdout: {"optuna": version, "runs": [{"task", "seed", "epochs_to_target" | null, "epochs", "trials", "full", "best", "ask_ms"}]}
"""
import json
import subprocess
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


class Surrogate:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def curve(self, task, config):
        self.p.stdin.write(json.dumps({"task": task, "config": config}) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("the surrogate server stopped")
        return json.loads(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def suggest(trial):
    return {
        "batch_size": trial.suggest_int("batch_size", 16, 512, log=True),
        "learning_rate": trial.suggest_float("learning_rate", 1e-4, 0.1, log=True),
        "momentum": trial.suggest_float("momentum", 0.1, 0.99),
        "weight_decay": trial.suggest_float("weight_decay", 1e-5, 0.1),
        "num_layers": trial.suggest_int("num_layers", 1, 5),
        "max_units": trial.suggest_int("max_units", 64, 1024, log=True),
        "max_dropout": trial.suggest_float("max_dropout", 0.0, 1.0),
    }


def run(surrogate, unit, eta, max_epoch):
    # HyperbandPruner picks a trial's bracket from crc32(study_name + number); create_study's default name is a
    # fresh UUID, so a fixed name makes the run repeatable.
    study = optuna.create_study(
        study_name=f"lcbench-{unit['task']}-{unit['seed']}",
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=unit["seed"]),
        pruner=optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max_epoch, reduction_factor=eta),
    )
    epochs = trials = full = 0
    best = float("-inf")
    ask_s = 0.0
    while epochs < unit["cap"]:
        t0 = time.perf_counter()
        trial = study.ask()
        config = suggest(trial)
        ask_s += time.perf_counter() - t0
        trials += 1
        curve = surrogate.curve(unit["task"], config)
        pruned = False
        last = None
        for e in range(1, max_epoch + 1):
            epochs += 1
            last = curve[e - 1]
            trial.report(last, e)
            t0 = time.perf_counter()
            stop = trial.should_prune()
            ask_s += time.perf_counter() - t0
            if stop:
                pruned = True
                break
        if pruned:
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            continue
        study.tell(trial, last)
        full += 1
        best = max(best, last)
        if last >= unit["target"]:
            return dict(epochs_to_target=epochs, epochs=epochs, trials=trials, full=full, best=best, ask_ms=ask_s * 1e3)
    return dict(epochs_to_target=None, epochs=epochs, trials=trials, full=full, best=best, ask_ms=ask_s * 1e3)


def main():
    req = json.load(sys.stdin)
    surrogate = Surrogate(req["server"])
    runs = []
    try:
        for unit in req["units"]:
            r = run(surrogate, unit, req["eta"], req["max_epoch"])
            r.update(task=unit["task"], seed=unit["seed"])
            runs.append(r)
            print(f"optuna-tpe-hb {unit['task']} seed {unit['seed']}: {r['epochs_to_target']}", file=sys.stderr, flush=True)
    finally:
        surrogate.close()
    json.dump({"optuna": optuna.__version__, "runs": runs}, sys.stdout)


if __name__ == "__main__":
    main()
