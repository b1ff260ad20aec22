"""A support-vector classifier on the iris flowers, scored by 5-fold cross-validation.

Tune it:  attune tune examples/iris-svc/train.py --python /usr/bin/python3
"""
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

X, y = load_iris(return_X_y=True)
model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma, kernel=kernel))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=folds)
print(f"cv_accuracy: {scores.mean():.4f}")
