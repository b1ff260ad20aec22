"""A small architecture search in PyTorch on scikit-learn's 8x8 digits.

`channels` is the architecture: one entry per conv block (how many blocks, and each one's width), searched by
`list(...)`; blocks a trial does not have do not exist for it. `momentum` only matters for SGD and RMSprop, which
the compound condition says. Progress lines are Keras-style, so Attune reads `val_accuracy` with no reporting code.

Tune it:  attune tune examples/digits-nas-torch/train.py --algorithm evolution --python /usr/bin/python3
"""
import sys

import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

channels = [16, 32]      # @tune list(choice(8, 16, 32, 64), min=1, max=3)
kernel = 3               # @tune choice(3, 5)
pool = True              # @tune bool()
head = 64                # @tune int(16, 128, log)
optimizer = "adam"       # @tune choice("adam", "sgd", "rmsprop")
lr = 3e-3                # @tune loguniform(1e-4, 3e-2)
momentum = 0.9           # @tune float(0.5, 0.99) if optimizer == "sgd" or optimizer == "rmsprop"
epochs = 8               # @tune budget(1, 8)
# @tune objective: maximize val_accuracy
# @tune trials: 20
# @tune algorithm: evolution

torch.manual_seed(0)
torch.set_num_threads(1)
X, y = load_digits(return_X_y=True)
X = torch.tensor(X / 16.0, dtype=torch.float32).reshape(-1, 1, 8, 8)
y = torch.tensor(y)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

blocks, width, size = [], 1, 8
for c in channels:
    blocks += [nn.Conv2d(width, c, kernel, padding=kernel // 2), nn.BatchNorm2d(c), nn.ReLU()]
    if pool and size >= 2:  # 8x8 halves at most three times
        blocks.append(nn.MaxPool2d(2))
        size //= 2
    width = c
model = nn.Sequential(*blocks, nn.Flatten(), nn.Linear(width * size * size, head), nn.ReLU(), nn.Linear(head, 10))
if optimizer == "sgd":
    opt = torch.optim.SGD(model.parameters(), lr=lr * 10, momentum=momentum)
elif optimizer == "rmsprop":
    opt = torch.optim.RMSprop(model.parameters(), lr=lr, momentum=momentum)
else:
    opt = torch.optim.Adam(model.parameters(), lr=lr)
loss_fn = nn.CrossEntropyLoss()

batch = 64
steps = (len(X_train) + batch - 1) // batch
for epoch in range(1, epochs + 1):
    model.train()
    perm = torch.randperm(len(X_train))
    total = 0.0
    for i in range(steps):
        idx = perm[i * batch:(i + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
        total += loss.item()
    model.eval()
    with torch.no_grad():
        logits = model(X_val)
        val_loss = loss_fn(logits, y_val).item()
        val_acc = (logits.argmax(1) == y_val).float().mean().item()
    print(f"Epoch {epoch}/{epochs} - loss: {total / steps:.4f} - val_loss: {val_loss:.4f} - val_accuracy: {val_acc:.4f}")
    sys.stdout.flush()
