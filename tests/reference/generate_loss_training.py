#!/usr/bin/env python3
"""Write tests/reference/loss_training.json: SGD-Nesterov steps under each loss, from Keras 3.

Run with the venv (see README.md):
    KERAS_BACKEND=jax tests/reference/.venv/bin/python tests/reference/generate_loss_training.py
For every loss ctnet offers besides the sparse one (categorical, binary, MSE; with from_logits
where Keras has it), a tiny network (input 5 -> Dense 4 relu -> Dense 3, or 1, <output activation>)
starts from given weights and takes three train_on_batch steps on one batch of 6 samples
(SGD lr 0.1, momentum 0.9, nesterov). Recorded: the loss and the "accuracy" metric Keras
reports for each step (with the metric class Keras resolved "accuracy" to) (both computed before the step's update), the weights after each step,
then evaluate() and predict() after the last. Each case is cross-checked against the same
training written out with keras.ops, keras.losses and jax.grad. Deterministic (fixed seeds, CPU).
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"keras": keras.__version__, "jax": jax.__version__, "numpy": np.__version__,
            "python": sys.version.split()[0]}
VAR_NAMES = ["dense0/kernel", "dense0/bias", "dense1/kernel", "dense1/bias"]
LR, MOMENTUM, STEPS = 0.1, 0.9, 3


def t(a):
    """Tensor -> {"shape", "data"} with float32 values printed to 9 significant digits."""
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1).tolist()]}


def f32(a):
    return np.asarray(a, dtype=np.float32)


def initial_weights(seed, units):
    rng = np.random.default_rng(seed)
    return [f32(rng.normal(0, 0.6, (5, 4))), f32(rng.normal(0, 0.1, 4)),
            f32(rng.normal(0, 0.7, (4, units))), f32(rng.normal(0, 0.1, units))]


def batch(rng, kind, units):
    x = f32(rng.normal(0.2, 1.0, (6, 5)))
    if kind == "categorical":
        # one-hot rows and soft rows (each summing to 1)
        y = np.zeros((6, 3), np.float32)
        for i, c in enumerate([0, 2, 1, 1]):
            y[i, c] = 1.0
        y[4] = [0.2, 0.5, 0.3]
        y[5] = [0.6, 0.0, 0.4]
    elif kind == "binary":
        # hard 0/1 targets and a few soft ones
        y = f32(rng.integers(0, 2, (6, units)))
        y[4] = [0.25, 1.0, 0.0][:units]
        y[5] = [0.5, 0.0, 0.75][:units] if units > 1 else [1.0]
    else:
        y = f32(rng.normal(0.0, 1.0, (6, units)))
    return x, f32(y)


# name, Keras loss, from_logits, output activation, target kind, output units. The one-unit
# binary case is the usual binary classifier, the only shape for which Keras resolves "accuracy"
# to binary_accuracy (it picks by shape: one output unit -> binary, else categorical).
CASES = [
    ("categorical_crossentropy_softmax", "categorical_crossentropy", False, "softmax", "categorical", 3),
    ("categorical_crossentropy_from_logits", "categorical_crossentropy", True, "linear", "categorical", 3),
    ("binary_crossentropy_sigmoid", "binary_crossentropy", False, "sigmoid", "binary", 3),
    ("binary_crossentropy_sigmoid_one_unit", "binary_crossentropy", False, "sigmoid", "binary", 1),
    ("binary_crossentropy_from_logits", "binary_crossentropy", True, "linear", "binary", 3),
    ("mean_squared_error_linear", "mean_squared_error", False, "linear", "regression", 3),
    ("mean_squared_error_sigmoid", "mean_squared_error", False, "sigmoid", "regression", 3),
    ("mean_squared_error_softmax", "mean_squared_error", False, "softmax", "categorical", 3),
]


def keras_loss(name, from_logits):
    return {"categorical_crossentropy": keras.losses.CategoricalCrossentropy,
            "binary_crossentropy": keras.losses.BinaryCrossentropy}[name](from_logits=from_logits) \
        if name != "mean_squared_error" else keras.losses.MeanSquaredError()


def hand_written_run(w0, x, y, loss_name, from_logits, activation):
    """The same steps with keras.ops forward, keras.losses value, jax.grad and the Nesterov rule."""
    ops = keras.ops
    loss_obj = keras_loss(loss_name, from_logits)
    out_act = {"softmax": ops.softmax, "sigmoid": ops.sigmoid, "linear": lambda v: v}[activation]
    w = [jnp.asarray(a) for a in w0]
    vel = [jnp.zeros_like(a) for a in w]
    xj, yj = jnp.asarray(x), jnp.asarray(y)

    def loss_fn(ws):
        k0, b0, k1, b1 = ws
        return loss_obj(yj, out_act(ops.relu(xj @ k0 + b0) @ k1 + b1))

    out = []
    for _ in range(STEPS):
        loss, grads = jax.value_and_grad(loss_fn)(w)
        for i, g in enumerate(grads):
            vel[i] = MOMENTUM * vel[i] - LR * g
            w[i] = w[i] + MOMENTUM * vel[i] - LR * g
        out.append((float(loss), [np.asarray(a) for a in w]))
    return out


def gen():
    cases = []
    for n, (name, loss_name, from_logits, activation, target_kind, units) in enumerate(CASES):
        w0 = initial_weights(7100 + n, units)
        x, y = batch(np.random.default_rng(8100 + n), target_kind, units)
        keras.utils.set_random_seed(3)
        model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(units, activation=activation)])
        model.set_weights(w0)
        opt = keras.optimizers.SGD(learning_rate=LR, momentum=MOMENTUM, nesterov=True)
        model.compile(optimizer=opt, loss=keras_loss(loss_name, from_logits), metrics=["accuracy"])
        steps = []
        for s in range(STEPS):
            loss, acc = model.train_on_batch(x, y)
            steps.append({"step": s + 1, "loss": float(loss), "accuracy": float(acc),
                          "weights": {v: t(a) for v, a in zip(VAR_NAMES, model.get_weights())}})
        ev_loss, ev_acc = model.evaluate(x, y, verbose=0)
        pred = model.predict(x, verbose=0)
        hand = hand_written_run(w0, x, y, loss_name, from_logits, activation)
        for s, (hl, hw) in enumerate(hand):
            kw = [np.asarray(a["data"]).reshape(a["shape"]) for a in steps[s]["weights"].values()]
            err = max(float(np.max(np.abs(a - b))) for a, b in zip(hw, kw))
            assert err < 2e-5, (name, s, err)
            assert abs(hl - steps[s]["loss"]) < 2e-5, (name, s, hl, steps[s]["loss"])
        # Which metric Keras resolved "accuracy" to, for the record.
        resolved = [type(m).__name__ for m in model._compile_metrics.metrics]
        assert len(resolved) == 1, resolved
        resolved = resolved[0]
        cases.append({"name": name, "oracle": "keras train_on_batch; cross-checked by hand-written rule",
                      "loss": loss_name, "from_logits": from_logits, "output_activation": activation,
                      "units": units,
                      "accuracy_metric": resolved,
                      "learning_rate": LR, "momentum": MOMENTUM, "nesterov": True,
                      "x": t(x), "y": t(y), "variable_names": VAR_NAMES,
                      "initial": {v: t(a) for v, a in zip(VAR_NAMES, w0)},
                      "steps": steps, "evaluate_loss": float(ev_loss), "evaluate_accuracy": float(ev_acc),
                      "predict": t(pred)})
        print(f"{name}: losses {[round(s['loss'], 6) for s in steps]}, accuracy metric {resolved}")
    doc = {"generator": "tests/reference/generate_loss_training.py", "versions": VERSIONS,
           "dtype": "float32", "cases": cases}
    path = os.path.join(HERE, "loss_training.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    gen()
