#!/usr/bin/env python3
"""Weights files exchanged with Keras 3 (tests/reference/weights/, weights_interop.json).

Run with the venv of README.md (Keras 3 + JAX + the `safetensors` package):
    KERAS_BACKEND=jax <venv>/bin/python tests/reference/generate_weights.py

The network of tests/unit/io/test_weights_interop.cpp, built in Keras with the names ctnet gives it:
    Input(4) -> BatchNormalization -> Dense(6) -> PReLU -> Dense(5) -> BatchNormalization -> ReLU
    -> Dense(3, softmax)
(ctnet declares it `input<4>, batch_norm<>, dense<6, prelu>, dense<5>, batch_norm<>, relu,
dense<3, softmax>`; it drops the bias of the Dense(5) because a batch norm follows, Keras keeps it.)

1. Keras -> ctnet: the Keras model gets random weights (every variable, moving statistics and the
   Dense(5) bias included), which `safetensors.numpy.save_file` writes to
   weights/keras_bn_net.safetensors, each tensor named `<layer name>/<variable name>`
   ("dense_1/kernel"; Keras 3's `variable.path` adds the model's name in front). Keras's
   inference-mode predictions on 8 inputs go to weights_interop.json, case "keras_to_ctnet".
2. ctnet -> Keras: weights/ctnet_bn_net.safetensors is the file ctnet writes (made by
   `io_weights_interop -- --write <file>`, see README.md; this script does not write it). It is
   read with `safetensors.numpy.load_file`, set into the Keras model (the Dense(5) bias, which the
   file does not hold, set to zero), and Keras's predictions go to case "ctnet_to_keras".
Deterministic (fixed seed, CPU). Every prediction written comes from running Keras.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import safetensors.numpy  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "weights")
KERAS_FILE = os.path.join(WEIGHTS, "keras_bn_net.safetensors")
CTNET_FILE = os.path.join(WEIGHTS, "ctnet_bn_net.safetensors")
VERSIONS = {"keras": keras.__version__, "jax": jax.__version__, "numpy": np.__version__,
            "safetensors": safetensors.__version__, "python": sys.version.split()[0]}


def t(a):
    """Tensor -> {"shape", "data"}, float32 printed to 9 significant digits (README.md)."""
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1).tolist()]}


def build():
    L = keras.layers
    return keras.Sequential([
        keras.Input((4,)),
        L.BatchNormalization(name="batch_normalization"),
        L.Dense(6, name="dense"),
        L.PReLU(name="p_re_lu"),
        L.Dense(5, name="dense_1"),
        L.BatchNormalization(name="batch_normalization_1"),
        L.ReLU(name="re_lu"),
        L.Dense(3, activation="softmax", name="dense_2"),
    ])


def variables(model):
    """(name as ctnet and the file spell it, variable) for every weight, in Keras's order."""
    out = []
    for layer in model.layers:
        for v in layer.weights:
            out.append((f"{layer.name}/{v.name}", v))
    return out


def predict(model, x):
    return np.asarray(model(x, training=False), dtype=np.float32)


def main():
    rng = np.random.default_rng(20261207)
    x = rng.normal(0.0, 1.5, size=(8, 4)).astype(np.float32)

    # 1. Keras -> ctnet.
    model = build()
    tensors = {}
    for name, v in variables(model):
        shape = tuple(v.shape)
        if name.endswith("moving_variance"):
            value = rng.uniform(0.3, 2.0, size=shape)
        elif name.endswith("gamma"):
            value = rng.uniform(0.5, 1.5, size=shape)
        elif name.endswith("alpha"):
            value = rng.uniform(0.05, 0.4, size=shape)
        else:
            value = rng.normal(0.0, 0.6, size=shape)
        value = value.astype(np.float32)
        v.assign(value)
        tensors[name] = value
    os.makedirs(WEIGHTS, exist_ok=True)
    safetensors.numpy.save_file(tensors, KERAS_FILE)
    # What was written is what Keras holds.
    back = safetensors.numpy.load_file(KERAS_FILE)
    assert all(np.array_equal(back[n], np.asarray(v)) for n, v in variables(model))
    keras_to_ctnet = {"name": "keras_to_ctnet", "oracle": "keras", "file": "weights/keras_bn_net.safetensors",
                      "x": t(x), "y": t(predict(model, x))}

    # 2. ctnet -> Keras.
    loaded = safetensors.numpy.load_file(CTNET_FILE)
    model = build()
    names = [n for n, _ in variables(model)]
    extra = set(loaded) - set(names)
    assert not extra, f"ctnet's file holds tensors Keras has no place for: {sorted(extra)}"
    missing = [n for n in names if n not in loaded]
    assert missing == ["dense_1/bias"], f"ctnet's file lacks {missing} (only the dropped bias may be absent)"
    for name, v in variables(model):
        value = loaded.get(name, np.zeros(tuple(v.shape), np.float32))
        assert value.dtype == np.float32 and value.shape == tuple(v.shape), name
        v.assign(value)
    with open(CTNET_FILE, "rb") as f:
        header_len = int.from_bytes(f.read(8), "little")
        metadata = json.loads(f.read(header_len))["__metadata__"]
    ctnet_to_keras = {"name": "ctnet_to_keras", "oracle": "keras", "file": "weights/ctnet_bn_net.safetensors",
                      "metadata": metadata, "x": t(x), "y": t(predict(model, x))}

    out = {"generator": "tests/reference/generate_weights.py", "versions": VERSIONS, "dtype": "float32",
           "cases": [keras_to_ctnet, ctnet_to_keras]}
    with open(os.path.join(HERE, "weights_interop.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote weights/keras_bn_net.safetensors and weights_interop.json")


if __name__ == "__main__":
    main()
