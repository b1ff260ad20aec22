"""Keras with checkpoints (docs/trials.md): a callback saves the model after every epoch into ATTUNE_CHECKPOINT_DIR,
and a continued trial loads ATTUNE_RESUME_FROM and passes `initial_epoch=ATTUNE_RESUME_STEP` to fit, so Keras prints
"Epoch 4/27" onwards and Attune's steps continue from there.

NOT RUN HERE: TensorFlow/Keras is not installable on the machine this was written on (no network beyond npm and
Debian, and Debian has no TensorFlow). The PyTorch recipe next door (examples/checkpoint-torch) is the tested one;
this file follows the same contract with Keras 3's `model.save` (weights + optimizer state in one .keras file).

    attune tune examples/checkpoint-keras/train.py
"""
import os

import keras
import numpy as np

units = 128              # @tune int(32, 512, step=32)
learning_rate = 1e-3     # @tune loguniform(1e-4, 1e-2)
epochs = 27              # @tune budget(1, 27)
# @tune objective: maximize val_accuracy

(x_train, y_train), (x_val, y_val) = keras.datasets.mnist.load_data()
x_train, x_val = x_train.reshape(-1, 784) / 255.0, x_val.reshape(-1, 784) / 255.0


class AttuneCheckpoint(keras.callbacks.Callback):
    """Saves the whole model (weights and optimizer state) atomically at the end of every epoch."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder

    def on_epoch_end(self, epoch, logs=None):
        tmp = os.path.join(self.folder, "model.tmp.keras")
        self.model.save(tmp)
        os.replace(tmp, os.path.join(self.folder, "model.keras"))


resume = os.environ.get("ATTUNE_RESUME_FROM")
if resume:
    model = keras.models.load_model(os.path.join(resume, "model.keras"))
    model.optimizer.learning_rate.assign(learning_rate)  # a PBT child trains on with its own new value
    initial_epoch = int(os.environ["ATTUNE_RESUME_STEP"])
else:
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    initial_epoch = 0

callbacks = [AttuneCheckpoint(os.environ["ATTUNE_CHECKPOINT_DIR"])] if os.environ.get("ATTUNE_CHECKPOINT_DIR") else []
# The checkpoint callback comes first, so the epoch is saved before Keras prints its line.
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, initial_epoch=initial_epoch,
          batch_size=128, callbacks=callbacks, verbose=2)
