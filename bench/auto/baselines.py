"""scikit-learn baselines on the split `attune auto` gets, for bench/auto/run.ts.

  python3 bench/auto/baselines.py table TRAIN.csv TEST.csv TARGET
  python3 bench/auto/baselines.py pixels TRAIN-pixels.csv TEST-pixels.csv

Prints one JSON object: {"<model>": {"accuracy": <test accuracy>, "seconds": <fit + predict wall time>}, ...} for
logistic regression, an RBF SVC and HistGradientBoosting, each with the usual preprocessing (standard scaling, one-hot
categories; pixels scaled to [0, 1]) and scikit-learn's default hyperparameters.
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC


def read_table(path, target):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    columns = [c for c in rows[0] if c != target]
    numeric = [c for c in columns if all(_is_number(r[c]) for r in rows)]
    categorical = [c for c in columns if c not in numeric]
    x = [[float(r[c]) if c in numeric else r[c] for c in columns] for r in rows]
    return np.array(x, dtype=object), np.array([r[target] for r in rows]), columns, numeric, categorical


def _is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def read_pixels(path):
    data = np.loadtxt(path, delimiter=",")
    return data[:, 1:] / 255.0, data[:, 0].astype(int)


def models(prep):
    return {
        "logistic regression": make_pipeline(prep(), LogisticRegression(max_iter=5000)),
        "SVC (RBF)": make_pipeline(prep(), SVC()),
        "HistGradientBoosting": make_pipeline(prep(), HistGradientBoostingClassifier(random_state=0)),
    }


def run(models_by_name, x_train, y_train, x_test, y_test):
    out = {}
    for name, model in models_by_name.items():
        t0 = time.time()
        model.fit(x_train, y_train)
        accuracy = float((model.predict(x_test) == y_test).mean())
        out[name] = {"accuracy": accuracy, "seconds": time.time() - t0}
    return out


def main(argv):
    if argv[0] == "table":
        x_train, y_train, columns, numeric, categorical = read_table(argv[1], argv[3])
        x_test, y_test, _, _, _ = read_table(argv[2], argv[3])
        idx = {c: i for i, c in enumerate(columns)}

        def prep():
            return ColumnTransformer([
                ("num", StandardScaler(), [idx[c] for c in numeric]),
                ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), [idx[c] for c in categorical]),
            ])
    else:
        x_train, y_train = read_pixels(argv[1])
        x_test, y_test = read_pixels(argv[2])

        def prep():
            return StandardScaler(with_mean=False, with_std=False)
    print(json.dumps(run(models(prep), x_train, y_train, x_test, y_test)))


if __name__ == "__main__":
    main(sys.argv[1:])
