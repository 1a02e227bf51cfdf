#!/usr/bin/env python3
"""Train the book's BN model with Keras 3 on Fashion-MNIST: the accuracy ctnet should reach.

Usage (from the repository root):
    KERAS_BACKEND=jax tests/reference/.venv/bin/python tests/reference/keras_fashion_mnist.py \
        [--seed 42] [--epochs 10] [--json out.json]
Data: Debian's /usr/share/datasets/fashion-mnist/*.gz (IDX files, parsed here), scaled to [0, 1];
train = first 55,000 training images, valid = last 5,000, test = the 10,000 test images.
"""
import argparse
import gzip
import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    assert magic >> 8 == 0x08, f"{path}: not unsigned-byte IDX (magic {magic:#x})"
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    assert data.size == int(np.prod(dims)), path
    return data.reshape(dims)


def load():
    xtr = read_idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    ytr = read_idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int32)
    xte = read_idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    yte = read_idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int32)
    return (xtr[:55000], ytr[:55000]), (xtr[55000:], ytr[55000:]), (xte, yte)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--json", default=None, help="append a JSON summary line to this file")
    args = ap.parse_args()

    import jax
    import keras

    (x_train, y_train), (x_valid, y_valid), (x_test, y_test) = load()
    keras.utils.set_random_seed(args.seed)
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(300, activation="relu", kernel_initializer="he_normal"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(100, activation="relu", kernel_initializer="he_normal"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9,
                                                 nesterov=True),
                  metrics=["accuracy"])

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()
            self.c0 = sum(os.times()[:2])

        def on_epoch_end(self, epoch, logs=None):
            # includes the validation pass over the 5,000 held-out images
            logs["seconds"] = time.perf_counter() - self.t0
            logs["own_cores"] = (sum(os.times()[:2]) - self.c0) / logs["seconds"]

    hist = model.fit(x_train, y_train, batch_size=32, epochs=args.epochs, shuffle=True,
                     validation_data=(x_valid, y_valid), callbacks=[Timer()], verbose=2)
    test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
    h = {k: [float(v) for v in vs] for k, vs in hist.history.items()}
    summary = {"seed": args.seed, "epochs": args.epochs, "keras": keras.__version__,
               "jax": jax.__version__, "python": sys.version.split()[0],
               "history": h, "test_loss": float(test_loss), "test_accuracy": float(test_acc),
               "params": model.count_params(),
               "xla_flags": os.environ.get("XLA_FLAGS")}
    print("epoch  loss    acc     val_loss val_acc  seconds  cores")
    for e in range(args.epochs):
        print(f"{e + 1:5d}  {h['loss'][e]:.4f}  {h['accuracy'][e]:.4f}  {h['val_loss'][e]:.4f}"
              f"   {h['val_accuracy'][e]:.4f}   {h['seconds'][e]:.2f}  {h['own_cores'][e]:.2f}")
    print(f"test loss {test_loss:.4f} test accuracy {test_acc:.4f}")
    line = json.dumps(summary)
    print(line)
    if args.json:
        with open(args.json, "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
