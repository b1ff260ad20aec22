"""PyTorch with checkpoints (docs/trials.md): the recipe for freeze-thaw, PBT, hyperband re-runs and resuming after
Ctrl+C.

Attune gives every trial a folder of its own, ATTUNE_CHECKPOINT_DIR. The script saves its state there after each
epoch (model and optimizer state dicts, the epoch, the RNG state) — atomically: write a temp file, then os.replace,
so a kill never leaves half a checkpoint — and BEFORE it prints that epoch's report. When training continues,
ATTUNE_RESUME_FROM names the folder to load and ATTUNE_RESUME_STEP the epoch it holds; training goes on from the
next epoch and reports continue from there. Run without Attune, the variables are absent and it trains from scratch.

Because the file marks a budget and reads ATTUNE_RESUME_FROM, `attune tune` picks freeze-thaw by itself:
    attune tune examples/checkpoint-torch/train.py --python /usr/bin/python3
"""
import json
import os

import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

hidden = 64              # @tune int(16, 256, log)
lr = 1e-3                # @tune loguniform(1e-4, 1e-1)
weight_decay = 1e-5      # @tune loguniform(1e-6, 1e-2)
epochs = 27              # @tune budget(1, 27)
# @tune objective: maximize val_accuracy
# @tune trials: 20

torch.manual_seed(0)
torch.set_num_threads(1)
X, y = load_digits(return_X_y=True)
X = torch.tensor(X / 16.0, dtype=torch.float32)
y = torch.tensor(y)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
model = nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10))
opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
loss_fn = nn.CrossEntropyLoss()

# --- the checkpoint recipe ------------------------------------------------------------------------------------------
ckpt_dir = os.environ.get("ATTUNE_CHECKPOINT_DIR")
start = 0
if os.environ.get("ATTUNE_RESUME_FROM"):
    state = torch.load(os.path.join(os.environ["ATTUNE_RESUME_FROM"], "state.pt"))
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["optimizer"])  # a PBT child keeps its own new lr: set it again below
    for group in opt.param_groups:
        group["lr"], group["weight_decay"] = lr, weight_decay
    torch.set_rng_state(state["rng"])
    start = state["epoch"]


def save(epoch):
    if not ckpt_dir:
        return
    tmp = os.path.join(ckpt_dir, "state.pt.tmp")
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, os.path.join(ckpt_dir, "state.pt"))
# ---------------------------------------------------------------------------------------------------------------------

for epoch in range(start + 1, epochs + 1):
    model.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss_fn(model(X_train[idx]), y_train[idx]).backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        logits = model(X_val)
        val_loss = loss_fn(logits, y_val).item()
        val_acc = (logits.argmax(1) == y_val).float().mean().item()
    save(epoch)  # before the report: a reported epoch is always in the checkpoint
    print("@tune " + json.dumps({"step": epoch, "val_accuracy": val_acc, "val_loss": val_loss}), flush=True)
