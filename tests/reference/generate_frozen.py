#!/usr/bin/env python3
"""Training with frozen layers (Keras's layer.trainable = False) in Keras 3: frozen.json.

Run with the venv of README.md (Keras 3 + JAX):
    KERAS_BACKEND=jax <venv>/bin/python tests/reference/generate_frozen.py

Each case is a small network with some layers frozen, trained from given weights by
`train_on_batch` 5 times on one batch of 8 (sparse categorical cross-entropy, SGD with momentum
0.9), compiled after the layers were frozen, as Keras requires. Recorded: the parameter counts
(trainable, non-trainable), the initial weights, the loss of each step and every variable after
each step. Layers carry the names ctnet gives them (dense, dense_1, batch_normalization, p_re_lu,
...), so a variable `<layer>/<name>` is found through ctnet::weight_slots. What the cases pin
(observed in Keras 3, not assumed):
- a frozen BatchNormalization normalizes with its moving statistics in training and does not
  update them (`frozen_mixed`: the input batch norm and a batch norm before an activation);
- a frozen layer's weights do not move, and its kernel regularizer adds nothing to the loss
  (`frozen_mixed`, `frozen_middle`: l2(0.01) on a frozen kernel);
- the gradient flows through a frozen layer to trainable layers below it (`frozen_middle`);
- everything but the output layer frozen (`frozen_but_last`, with a PReLU among the frozen).
Deterministic (fixed seed, CPU). Every number written comes from running Keras.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"keras": keras.__version__, "jax": jax.__version__, "numpy": np.__version__,
            "python": sys.version.split()[0]}
L = keras.layers
STEPS = 5


def t(a):
    """Tensor -> {"shape", "data"}, float32 printed to 9 significant digits (README.md)."""
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1).tolist()]}


def variables(model):
    return [(f"{layer.name}/{v.name}", v) for layer in model.layers for v in layer.weights]


def count(weights):
    return int(sum(int(np.prod(v.shape)) for v in weights))


# name, ctnet declaration (for the reader), layers (each (layer, frozen))
CASES = [
    ("frozen_mixed",
     "input<6>, frozen<batch_norm<>>, frozen<dense<8, relu, l2<0.01f>>>, batch_norm<>, dense<5>, "
     "frozen<batch_norm<>>, relu, dense<3, softmax>",
     lambda: [(L.BatchNormalization(name="batch_normalization"), True),
              (L.Dense(8, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01), name="dense"), True),
              (L.BatchNormalization(name="batch_normalization_1"), False),
              (L.Dense(5, use_bias=False, name="dense_1"), False),
              (L.BatchNormalization(name="batch_normalization_2"), True),
              (L.ReLU(name="re_lu"), False),
              (L.Dense(3, activation="softmax", name="dense_2"), False)]),
    ("frozen_but_last",
     "input<6>, frozen<dense<8, relu>>, frozen<batch_norm<>>, frozen<dense<6, prelu>>, dense<3, softmax>",
     lambda: [(L.Dense(8, activation="relu", name="dense"), True),
              (L.BatchNormalization(name="batch_normalization"), True),
              (L.Dense(6, name="dense_1"), True),
              (L.PReLU(name="p_re_lu"), True),
              (L.Dense(3, activation="softmax", name="dense_2"), False)]),
    ("frozen_middle",
     "input<6>, dense<8, relu>, frozen<dense<6, tanh, l2<0.01f>>>, dense<3, softmax>",
     lambda: [(L.Dense(8, activation="relu", name="dense"), False),
              (L.Dense(6, activation="tanh", kernel_regularizer=keras.regularizers.L2(0.01), name="dense_1"), True),
              (L.Dense(3, activation="softmax", name="dense_2"), False)]),
]


def run(name, declaration, make_layers, rng, x, y):
    layers = make_layers()
    model = keras.Sequential([keras.Input((6,))] + [layer for layer, _ in layers])
    initial = {}
    for var_name, v in variables(model):
        shape = tuple(v.shape)
        if var_name.endswith("moving_variance"):
            value = rng.uniform(0.5, 2.0, size=shape)
        elif var_name.endswith("moving_mean"):
            value = rng.normal(0.0, 0.3, size=shape)
        elif var_name.endswith("gamma"):
            value = rng.uniform(0.7, 1.3, size=shape)
        elif var_name.endswith("alpha"):
            value = rng.uniform(0.05, 0.3, size=shape)
        else:
            value = rng.normal(0.0, 0.5, size=shape)
        value = value.astype(np.float32)
        v.assign(value)
        initial[var_name] = t(value)
    for layer, frozen in layers:
        layer.trainable = not frozen
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9))
    before = {n: np.asarray(v).copy() for n, v in variables(model)}
    losses, steps = [], []
    for step in range(1, STEPS + 1):
        losses.append(float(model.train_on_batch(x, y)))
        steps.append({"step": step, "weights": {n: t(v) for n, v in variables(model)}})
    after = {n: np.asarray(v) for n, v in variables(model)}
    frozen_names = {f"{layer.name}/{v.name}" for layer, frozen in layers if frozen for v in layer.weights}
    for n in frozen_names:
        assert np.array_equal(before[n], after[n]), f"{name}: frozen {n} moved"
    moved = [n for n in after if n not in frozen_names and not np.array_equal(before[n], after[n])]
    assert moved, f"{name}: nothing trained"
    return {"name": name, "oracle": "keras", "ctnet": declaration,
            "trainable_params": count(model.trainable_weights),
            "non_trainable_params": count(model.non_trainable_weights),
            "frozen_variables": sorted(frozen_names),
            "learning_rate": 0.1, "momentum": 0.9,
            "x": t(x), "y": t(y.astype(np.float32)), "initial": initial, "losses": losses, "steps": steps}


def main():
    rng = np.random.default_rng(1207)
    x = rng.normal(0.5, 1.5, size=(8, 6)).astype(np.float32)
    y = np.array([0, 1, 2, 1, 0, 2, 2, 1], dtype=np.int32)
    cases = [run(name, decl, make, rng, x, y) for name, decl, make in CASES]
    out = {"generator": "tests/reference/generate_frozen.py", "versions": VERSIONS, "dtype": "float32",
           "cases": cases}
    with open(os.path.join(HERE, "frozen.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote frozen.json:", ", ".join(f"{c['name']} losses {c['losses'][0]:.6f}..{c['losses'][-1]:.6f}"
                                          for c in cases))


if __name__ == "__main__":
    main()
