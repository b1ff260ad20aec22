"""A support-vector classifier on the iris flowers, scored by 5-fold cross-validation.

Tune it:  attune tune examples/iris-svc/train.py --python /usr/bin/python3
"""
import os

from sklearn.datasets import load_iris
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

C = 1.0                  # @tune float(1e-3, 1e3, log)
gamma = 0.1              # @tune float(1e-4, 1e1, log)
kernel = "rbf"           # @tune choice("rbf", "linear", "poly", "sigmoid")
# @tune objective: maximize cv_accuracy
# @tune trials: 30
# @tune algorithm: bayes

# ATTUNE_SEED is this trial's seed (from the study's --seed and the trial number): it goes to the model's own
# randomness. The folds keep a fixed random_state, so every trial is scored on the same splits.
seed = int(os.environ.get("ATTUNE_SEED", "0"))
X, y = load_iris(return_X_y=True)
model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma, kernel=kernel, random_state=seed))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=folds)
print(f"cv_accuracy: {scores.mean():.4f}")
