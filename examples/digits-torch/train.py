"""A PyTorch MLP on scikit-learn's 8x8 digits, printing Keras-style progress lines.

Attune reads `val_accuracy: 0.9xx` from those lines as they are — no reporting code needed — and
stops unpromising runs early (hyperband) because `epochs` is marked as the budget.

Tune it:  attune tune examples/digits-torch/train.py --python /usr/bin/python3
"""
import os
import sys

import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

hidden = 64              # @tune int(16, 256, log)
layers = 2               # @tune int(1, 3)
dropout = 0.1            # @tune uniform(0.0, 0.5)
lr = 1e-3                # @tune loguniform(1e-4, 1e-1)
weight_decay = 1e-5      # @tune loguniform(1e-6, 1e-2)
batch_size = 64          # @tune choice(32, 64, 128)
epochs = 27              # @tune budget(1, 27)
# @tune objective: maximize val_accuracy
# @tune trials: 30
# @tune algorithm: bayes

# Attune gives every trial its own ATTUNE_SEED (from the study's --seed and the trial number), so a study run again
# with the same seed reproduces each trial. It seeds the training (init, dropout, batch order); the data split below
# keeps its fixed random_state so that every trial is scored on the same validation set.
torch.manual_seed(int(os.environ.get("ATTUNE_SEED", "0")))
torch.set_num_threads(1)
X, y = load_digits(return_X_y=True)
X = torch.tensor(X / 16.0, dtype=torch.float32)
y = torch.tensor(y)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

blocks = []
width = X.shape[1]
for _ in range(layers):
    blocks += [nn.Linear(width, hidden), nn.ReLU(), nn.Dropout(dropout)]
    width = hidden
model = nn.Sequential(*blocks, nn.Linear(width, 10))
opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
loss_fn = nn.CrossEntropyLoss()

steps = (len(X_train) + batch_size - 1) // batch_size
for epoch in range(1, epochs + 1):
    model.train()
    perm = torch.randperm(len(X_train))
    total = 0.0
    for i in range(steps):
        idx = perm[i * batch_size:(i + 1) * batch_size]
        opt.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
        total += loss.item()
        # Keras-style in-place progress bar, redrawn with \r like model.fit does.
        sys.stdout.write(f"\r{i + 1}/{steps} [{'=' * (20 * (i + 1) // steps):<20}] - loss: {total / (i + 1):.4f}")
    model.eval()
    with torch.no_grad():
        val_logits = model(X_val)
        val_loss = loss_fn(val_logits, y_val).item()
        val_acc = (val_logits.argmax(1) == y_val).float().mean().item()
    print(f"\rEpoch {epoch}/{epochs} - {steps}/{steps} - loss: {total / steps:.4f} - val_loss: {val_loss:.4f} - val_accuracy: {val_acc:.4f}")
