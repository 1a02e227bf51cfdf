#!/usr/bin/env python3
"""Write the reference vectors (tests/reference/*.json) from Keras 3 on the JAX backend.

Run with the venv (see README.md):
    KERAS_BACKEND=jax tests/reference/.venv/bin/python tests/reference/generate.py
Outputs are deterministic (fixed seeds, CPU, float32). Gradients Keras does not hand out are
taken with jax.grad through Keras's own layers (stateless_call) or keras.ops functions.
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
jax.config.update("jax_enable_x64", False)

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"keras": keras.__version__, "jax": jax.__version__, "numpy": np.__version__,
            "python": sys.version.split()[0]}


# ---------------------------------------------------------------------------------------------
# JSON helpers

def t(a):
    """Tensor -> {"shape", "data"} with float32 values printed to 9 significant digits."""
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1).tolist()]}


def write(fname, cases):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), f"duplicate case names in {fname}"
    doc = {"generator": "tests/reference/generate.py", "versions": VERSIONS,
           "dtype": "float32", "cases": cases}
    path = os.path.join(HERE, fname)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def f32(a):
    return np.asarray(a, dtype=np.float32)


# ---------------------------------------------------------------------------------------------
# activations

def activation_inputs(rng):
    fixed = [-20.0, -10.0, -5.0, -3.0, -2.0, -1.0, -0.5, -0.1, -1e-3, -1e-6, 0.0, 1e-6, 1e-3,
             0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0]
    return f32(np.concatenate([fixed, rng.normal(0.0, 2.0, size=11)]))


def elementwise_case(name, fn, x, w, oracle="keras.activations+jax.grad", **params):
    xj = jnp.asarray(x)
    wj = jnp.asarray(w)
    y = np.asarray(fn(xj))
    g = np.asarray(jax.grad(lambda v: jnp.sum(fn(v) * wj))(xj))
    case = {"name": name, "oracle": oracle}
    case.update(params)
    case.update({"x": t(x), "y": t(y), "w": t(w), "grad_x": t(g)})
    return case


def gen_activations():
    rng = np.random.default_rng(1001)
    x = activation_inputs(rng)
    w = f32(rng.normal(size=x.shape))
    A = keras.activations
    cases = [
        elementwise_case("linear", A.linear, x, w, activation="linear"),
        elementwise_case("sigmoid", A.sigmoid, x, w, activation="sigmoid"),
        elementwise_case("tanh", A.tanh, x, w, activation="tanh"),
        elementwise_case("relu", A.relu, x, w, activation="relu"),
        elementwise_case("leaky_relu_0.3", lambda v: A.leaky_relu(v, negative_slope=0.3), x, w,
                         activation="leaky_relu", negative_slope=0.3,
                         note="slope of the LeakyReLU layer default"),
        elementwise_case("leaky_relu_0.2", lambda v: A.leaky_relu(v), x, w,
                         activation="leaky_relu", negative_slope=0.2,
                         note="default of the keras.activations.leaky_relu function"),
        elementwise_case("elu_1.0", lambda v: A.elu(v, alpha=1.0), x, w, activation="elu",
                         alpha=1.0),
        elementwise_case("elu_0.5", lambda v: A.elu(v, alpha=0.5), x, w, activation="elu",
                         alpha=0.5),
        elementwise_case("selu", A.selu, x, w, activation="selu",
                         alpha=1.6732632423543772, scale=1.0507009873554805),
        elementwise_case("gelu", lambda v: A.gelu(v, approximate=False), x, w,
                         activation="gelu", approximate=False),
        elementwise_case("gelu_tanh", lambda v: A.gelu(v, approximate=True), x, w,
                         activation="gelu", approximate=True),
        elementwise_case("swish", A.swish, x, w, activation="swish"),
        elementwise_case("mish", A.mish, x, w, activation="mish"),
    ]
    # rrelu has no Keras version: PyTorch RReLU in eval mode is a leaky relu with the mean slope.
    lower, upper = 1.0 / 8.0, 1.0 / 3.0
    slope = (lower + upper) / 2.0
    cases.append(elementwise_case("rrelu_inference", lambda v: jnp.where(v >= 0, v, slope * v),
                                  x, w, oracle="formula (PyTorch RReLU eval) + jax.grad",
                                  activation="rrelu", lower=lower, upper=upper,
                                  negative_slope=slope))
    # softmax over rows
    xs = f32(np.stack([x[:8], x[8:16], x[16:24], x[24:32]]))
    xs[3] = f32([0.1, 0.2, -0.3, 1.0, 0.0, 0.5, -2.0, 3.0])
    ws = f32(rng.normal(size=xs.shape))
    cases.append(elementwise_case("softmax", lambda v: A.softmax(v, axis=-1), xs, ws,
                                  activation="softmax", axis=-1))
    # prelu: Keras layer with a given alpha vector (one alpha per unit)
    xp = f32(np.stack([x[:8], x[8:16], x[16:24], x[24:32]]))
    alpha = f32([0.0, 0.25, -0.1, 0.5, 1.0, 0.05, 2.0, 0.3])
    layer = keras.layers.PReLU()
    layer.build((None, 8))
    layer.set_weights([alpha])
    wp = f32(rng.normal(size=xp.shape))

    def prelu_loss(a, v):
        y, _ = layer.stateless_call([a], [], v)
        return jnp.sum(y * wp)

    y = np.asarray(layer(jnp.asarray(xp)))
    ga, gx = jax.grad(prelu_loss, argnums=(0, 1))(jnp.asarray(alpha), jnp.asarray(xp))
    cases.append({"name": "prelu", "oracle": "keras.layers.PReLU+jax.grad", "activation": "prelu",
                  "x": t(xp), "alpha_vector": t(alpha), "y": t(y), "w": t(wp),
                  "grad_x": t(gx), "grad_alpha": t(ga)})
    write("activations.json", cases)


# ---------------------------------------------------------------------------------------------
# initializers

TRUNC_STD = 0.87962566103423978


def gen_initializers():
    specs = [("glorot_uniform", 1.0, "fan_avg", "uniform"),
             ("glorot_normal", 1.0, "fan_avg", "truncated_normal"),
             ("he_uniform", 2.0, "fan_in", "uniform"),
             ("he_normal", 2.0, "fan_in", "truncated_normal"),
             ("lecun_uniform", 1.0, "fan_in", "uniform"),
             ("lecun_normal", 1.0, "fan_in", "truncated_normal")]
    cases = []
    for k, (init_name, scale, mode, dist) in enumerate(specs):
        for fi, fo in [(784, 300), (300, 100), (100, 10)]:
            fan = {"fan_in": fi, "fan_out": fo, "fan_avg": (fi + fo) / 2.0}[mode]
            target = np.sqrt(scale / fan)
            init = keras.initializers.get({"class_name": init_name,
                                           "config": {"seed": 1234 + 10 * k}})
            s = np.asarray(init((fi, fo)), dtype=np.float64)
            case = {"name": f"{init_name}_{fi}x{fo}", "oracle": "keras (statistics only)",
                    "initializer": init_name, "scale": scale, "mode": mode,
                    "distribution": dist, "fan_in": fi, "fan_out": fo,
                    "target_std": float(target),
                    "limit": float(np.sqrt(3.0) * target) if dist == "uniform" else None,
                    "stddev_before_truncation":
                        float(target / TRUNC_STD) if dist != "uniform" else None,
                    "truncation_bound":
                        float(2 * target / TRUNC_STD) if dist != "uniform" else None,
                    "sample_count": int(s.size), "sample_mean": float(s.mean()),
                    "sample_std": float(s.std()), "sample_min": float(s.min()),
                    "sample_max": float(s.max())}
            # the formulas above are what Keras documents: check Keras's draws obey them
            bound = case["limit"] if dist == "uniform" else case["truncation_bound"]
            assert s.min() >= -bound - 1e-6 and s.max() <= bound + 1e-6, case["name"]
            assert abs(s.std() - target) < 5 * target / np.sqrt(s.size) + 0.02 * target, case
            cases.append(case)
    write("initializers.json", cases)


# ---------------------------------------------------------------------------------------------
# dense

def gen_dense():
    rng = np.random.default_rng(2002)
    n_in, units, batch = 5, 4, 3
    kernel = f32(rng.normal(0, 0.6, size=(n_in, units)))
    bias = f32(rng.normal(0, 0.3, size=(units,)))
    x = f32(rng.normal(0, 1.0, size=(batch, n_in)))
    up = f32(rng.normal(0, 1.0, size=(batch, units)))
    cases = []
    for act in ["relu", "linear"]:
        layer = keras.layers.Dense(units, activation=act)
        layer.build((None, n_in))
        layer.set_weights([kernel, bias])
        y = np.asarray(layer(jnp.asarray(x)))

        def loss(kk, bb, xx):
            out, _ = layer.stateless_call([kk, bb], [], xx)
            return jnp.sum(out * up)

        gk, gb, gx = jax.grad(loss, argnums=(0, 1, 2))(jnp.asarray(kernel), jnp.asarray(bias),
                                                      jnp.asarray(x))
        ref = x @ kernel + bias
        if act == "relu":
            ref = np.maximum(ref, 0)
        assert np.allclose(ref, y, atol=1e-6)
        cases.append({"name": f"dense_{act}", "oracle": "keras.layers.Dense+jax.grad",
                      "activation": act, "in": n_in, "units": units, "batch": batch,
                      "kernel": t(kernel), "bias": t(bias), "x": t(x), "y": t(y),
                      "upstream": t(up), "grad_kernel": t(gk), "grad_bias": t(gb),
                      "grad_x": t(gx)})
    write("dense.json", cases)


# ---------------------------------------------------------------------------------------------
# batch normalization

def gen_batch_norm():
    rng = np.random.default_rng(3003)
    batch, feat = 6, 5
    x = f32(rng.normal(0.5, 2.0, size=(batch, feat)))
    x[:, 4] = f32([1.0, 1.0, 1.0, 1.0, 1.0, 1.001])  # nearly constant feature: eps matters
    gamma = f32(rng.uniform(0.5, 1.5, size=feat))
    beta = f32(rng.normal(0, 0.5, size=feat))
    mm = f32(rng.normal(0, 0.5, size=feat))
    mv = f32(rng.uniform(0.5, 2.0, size=feat))
    up = f32(rng.normal(size=(batch, feat)))
    cases = []
    for momentum, eps in [(0.99, 1e-3), (0.9, 1e-5)]:
        layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=eps)
        layer.build((None, feat))
        layer.set_weights([gamma, beta, mm, mv])
        y_inf = np.asarray(layer(jnp.asarray(x), training=False))
        nt = [jnp.asarray(mm), jnp.asarray(mv)]

        def loss(g, b, xx):
            out, new_nt = layer.stateless_call([g, b], nt, xx, training=True)
            return jnp.sum(out * up), (out, new_nt)

        (gg, gb, gx), (y_tr, new_nt) = jax.grad(loss, argnums=(0, 1, 2), has_aux=True)(
            jnp.asarray(gamma), jnp.asarray(beta), jnp.asarray(x))
        # check against the documented formula (biased variance for normalizing and updating)
        mu, var = x.astype(np.float64).mean(0), x.astype(np.float64).var(0)
        assert np.allclose((x - mu) / np.sqrt(var + eps) * gamma + beta, y_tr, atol=1e-4)
        assert np.allclose(mm * momentum + mu * (1 - momentum), new_nt[0], atol=1e-6)
        assert np.allclose(mv * momentum + var * (1 - momentum), new_nt[1], atol=1e-5)
        cases.append({"name": f"batch_norm_m{momentum}_eps{eps:g}",
                      "oracle": "keras.layers.BatchNormalization+jax.grad",
                      "momentum": momentum, "epsilon": eps, "x": t(x), "gamma": t(gamma),
                      "beta": t(beta), "moving_mean": t(mm), "moving_variance": t(mv),
                      "y_train": t(y_tr), "moving_mean_after": t(new_nt[0]),
                      "moving_variance_after": t(new_nt[1]), "upstream": t(up),
                      "grad_x": t(gx), "grad_gamma": t(gg), "grad_beta": t(gb),
                      "y_inference": t(y_inf)})
    write("batch_norm.json", cases)


# ---------------------------------------------------------------------------------------------
# losses

def gen_losses():
    rng = np.random.default_rng(4004)
    batch, k = 5, 4
    logits = f32(rng.normal(0, 1.5, size=(batch, k)))
    labels = np.array([0, 3, 1, 2, 3])
    onehot = f32(np.eye(k)[labels])
    L = keras.losses
    cases = []

    def add(name, loss_fn, y_true, y_pred, y_true_json, **params):
        yp = jnp.asarray(y_pred)
        val, g = jax.value_and_grad(lambda p: loss_fn(y_true, p))(yp)
        case = {"name": name, "oracle": "keras.losses+jax.grad"}
        case.update(params)
        case.update({"y_true": y_true_json, "y_pred": t(y_pred), "value": float(val),
                     "grad_y_pred": t(g)})
        return case

    def add_softmax(name, loss_fn, y_true, y_true_json, **params):
        """Loss on keras softmax(logits): value, grad w.r.t. probabilities and w.r.t. logits."""
        z = jnp.asarray(logits)
        p = keras.activations.softmax(z)
        case = add(name, loss_fn, y_true, np.asarray(p), y_true_json, **params)
        gz = jax.grad(lambda zz: loss_fn(y_true, keras.activations.softmax(zz)))(z)
        case["logits"] = t(logits)
        case["grad_logits"] = t(gz)
        return case

    scce = L.SparseCategoricalCrossentropy()
    scce_l = L.SparseCategoricalCrossentropy(from_logits=True)
    cce = L.CategoricalCrossentropy()
    cce_l = L.CategoricalCrossentropy(from_logits=True)
    lab = jnp.asarray(labels)
    cases.append(add_softmax("sparse_categorical_crossentropy", scce, lab, t(labels),
                             loss="sparse_categorical_crossentropy", from_logits=False,
                             clip_epsilon=1e-7))
    cases.append(add("sparse_categorical_crossentropy_from_logits", scce_l, lab, logits,
                     t(labels), loss="sparse_categorical_crossentropy", from_logits=True))
    cases.append(add_softmax("categorical_crossentropy", cce, jnp.asarray(onehot), t(onehot),
                             loss="categorical_crossentropy", from_logits=False,
                             clip_epsilon=1e-7))
    cases.append(add("categorical_crossentropy_from_logits", cce_l, jnp.asarray(onehot), logits,
                     t(onehot), loss="categorical_crossentropy", from_logits=True))
    # clipping region: a probability below 1e-7 on the true class (value is -log(1e-7))
    pc = f32([[1e-9, 1.0 - 1e-9, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
    cases.append(add("sparse_categorical_crossentropy_clipped", scce, jnp.asarray([0, 2]), pc,
                     t([0, 2]), loss="sparse_categorical_crossentropy", from_logits=False,
                     clip_epsilon=1e-7,
                     note="true-class prob 1e-9 is clipped to 1e-7; its gradient is 0 there"))
    # binary
    yb = f32(rng.integers(0, 2, size=(batch, 3)))
    zb = f32(rng.normal(0, 1.5, size=(batch, 3)))
    pb = np.asarray(keras.activations.sigmoid(jnp.asarray(zb)))
    cases.append(add("binary_crossentropy", L.BinaryCrossentropy(), jnp.asarray(yb), pb, t(yb),
                     loss="binary_crossentropy", from_logits=False, clip_epsilon=1e-7))
    cases.append(add("binary_crossentropy_from_logits", L.BinaryCrossentropy(from_logits=True),
                     jnp.asarray(yb), zb, t(yb), loss="binary_crossentropy", from_logits=True))
    # mse
    yt = f32(rng.normal(size=(batch, 3)))
    yp = f32(rng.normal(size=(batch, 3)))
    cases.append(add("mean_squared_error", L.MeanSquaredError(), jnp.asarray(yt), yp, t(yt),
                     loss="mean_squared_error", from_logits=False))
    write("losses.json", cases)


# ---------------------------------------------------------------------------------------------
# SGD + Nesterov on a small BN network

VAR_NAMES = ["bn0/gamma", "bn0/beta", "bn0/moving_mean", "bn0/moving_variance",
             "dense0/kernel", "dense0/bias",
             "bn1/gamma", "bn1/beta", "bn1/moving_mean", "bn1/moving_variance",
             "dense1/kernel", "dense1/bias"]


def sgd_initial_weights():
    rng = np.random.default_rng(5005)
    w = [f32(rng.uniform(0.8, 1.2, 4)), f32(rng.normal(0, 0.1, 4)),
         f32(rng.normal(0, 0.2, 4)), f32(rng.uniform(0.8, 1.5, 4)),
         f32(rng.normal(0, 0.7, (4, 6))), f32(rng.normal(0, 0.1, 6)),
         f32(rng.uniform(0.8, 1.2, 6)), f32(rng.normal(0, 0.1, 6)),
         f32(rng.normal(0, 0.2, 6)), f32(rng.uniform(0.8, 1.5, 6)),
         f32(rng.normal(0, 0.6, (6, 3))), f32(rng.normal(0, 0.1, 3))]
    x = f32(rng.normal(0.3, 1.5, (8, 4)))
    y = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    return w, x, y


def build_model(l2):
    reg = keras.regularizers.l2(l2) if l2 else None
    return keras.Sequential([
        keras.Input((4,)),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(6, activation="relu", kernel_regularizer=reg),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(3, activation="softmax"),
    ])


def hand_written_run(w0, x, y, l2, lr0, momentum, decay, steps):
    """Keras's formulas written out (forward/backward by jax.grad through keras.ops)."""
    ops = keras.ops
    eps, bn_m = 1e-3, 0.99
    w = [jnp.asarray(a) for a in w0]
    trainable = [0, 1, 4, 5, 6, 7, 10, 11]
    vel = {i: jnp.zeros_like(w[i]) for i in trainable}
    xj, yj = jnp.asarray(x), jnp.asarray(y)

    def bn(h, g, b):
        mu = ops.mean(h, axis=0)
        var = ops.var(h, axis=0)
        return (h - mu) / ops.sqrt(var + eps) * g + b, mu, var

    def loss_fn(tv, nt):
        g0, b0, k0, c0, g1, b1, k1, c1 = tv
        h, mu0, v0 = bn(xj, g0, b0)
        h = ops.relu(h @ k0 + c0)
        h, mu1, v1 = bn(h, g1, b1)
        p = ops.softmax(h @ k1 + c1)
        data = ops.mean(keras.losses.sparse_categorical_crossentropy(yj, p))
        return data + l2 * ops.sum(k0 * k0), (mu0, v0, mu1, v1)

    out = []
    for it in range(steps):
        lr = lr0 / (1.0 + decay * it)
        tv = [w[i] for i in trainable]
        (loss, (mu0, v0, mu1, v1)), grads = jax.value_and_grad(loss_fn, has_aux=True)(tv, None)
        for i, g in zip(trainable, grads):
            vel[i] = momentum * vel[i] - lr * g
            w[i] = w[i] + momentum * vel[i] - lr * g
        w[2] = w[2] * bn_m + mu0 * (1 - bn_m)
        w[3] = w[3] * bn_m + v0 * (1 - bn_m)
        w[8] = w[8] * bn_m + mu1 * (1 - bn_m)
        w[9] = w[9] * bn_m + v1 * (1 - bn_m)
        out.append((float(loss), [np.asarray(a) for a in w]))
    return out


def gen_sgd_nesterov():
    w0, x, y = sgd_initial_weights()
    lr, mom = 0.1, 0.9
    cases = []
    for l2, decay in [(0.0, 0.0), (0.01, 0.0), (0.0, 0.1)]:
        keras.utils.set_random_seed(7)
        model = build_model(l2)
        assert len(model.weights) == len(VAR_NAMES)
        model.set_weights(w0)
        for v, n in zip(model.weights, VAR_NAMES):
            # Keras's own order must be the documented one (path e.g. batch_normalization/gamma)
            assert v.path.split("/")[-1] == n.split("/")[-1], (v.path, n)
        if decay:
            # Keras 3 ignores the legacy `decay`; InverseTimeDecay(lr, 1, decay) is the same
            # lr0/(1+decay*iterations) and Keras 3's SGD keeps lr inside the velocity.
            sched = keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1,
                                                                decay_rate=decay)
            opt = keras.optimizers.SGD(learning_rate=sched, momentum=mom, nesterov=True)
        else:
            opt = keras.optimizers.SGD(learning_rate=lr, momentum=mom, nesterov=True)
        model.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
        steps = []
        for s in range(3):
            loss = model.train_on_batch(x, y)
            steps.append({"step": s + 1, "loss": float(loss),
                          "weights": {n: t(v) for n, v in zip(VAR_NAMES, model.get_weights())}})
        pred = model.predict(x, verbose=0)
        # cross-check Keras against the hand-written Keras formulas
        hand = hand_written_run(w0, x, y, l2, lr, mom, decay, 3)
        for s, (hl, hw) in enumerate(hand):
            kw = [np.asarray(a["data"]).reshape(a["shape"])
                  for a in steps[s]["weights"].values()]
            err = max(float(np.max(np.abs(a - b))) for a, b in zip(hw, kw))
            assert err < 2e-5, (s, err)
            assert abs(hl - steps[s]["loss"]) < 2e-5, (s, hl, steps[s]["loss"])
        name = "sgd_nesterov" + (f"_l2_{l2:g}" if l2 else "") + (f"_decay_{decay:g}" if decay
                                                                   else "")
        oracle = "keras train_on_batch"
        if decay:
            oracle += " with InverseTimeDecay(0.1, 1, 0.1) = legacy decay formula"
        cases.append({"name": name, "oracle": oracle + "; cross-checked by hand-written rule",
                      "learning_rate": lr, "momentum": mom, "nesterov": True, "l2": l2,
                      "l2_on": "dense0/kernel" if l2 else None, "decay": decay,
                      "bn_momentum": 0.99, "bn_epsilon": 1e-3, "x": t(x), "y": t(y),
                      "variable_names": VAR_NAMES,
                      "initial": {n: t(v) for n, v in zip(VAR_NAMES, w0)},
                      "steps": steps, "predict": t(pred)})
    write("sgd_nesterov.json", cases)


# ---------------------------------------------------------------------------------------------
# stochastic layers: Keras AlphaDropout, PyTorch RReLU (inference)

def gen_stochastic_layers():
    """AlphaDropout in training on constant inputs: its random mask cannot be matched, but every
    output is one of two values (a x + b kept, a alpha_p + b dropped), which the C++ test reads
    off `y` (the input is `value` in every element of `y`'s shape). Its inference is the identity. RReLU has no Keras version: PyTorch's F.rrelu in
    inference (slope (lower + upper) / 2), with the gradient of sum(f(x) * w) by autograd."""
    import torch
    import torch.nn.functional as F

    cases = []
    rows, cols = 32, 16
    for i, rate in enumerate((0.05, 0.1, 0.2, 0.5)):
        for value in (0.7, -1.5):
            x = np.full((rows, cols), value, dtype=np.float32)
            layer = keras.layers.AlphaDropout(rate, seed=100 + i)
            y = np.asarray(layer(jnp.asarray(x), training=True))
            cases.append({"name": f"alpha_dropout_training_{rate}_{value}", "oracle": "keras.layers.AlphaDropout",
                          "rate": rate, "value": value, "y": t(y)})
    rng = np.random.default_rng(2024)
    x = f32(rng.normal(size=(8, 16)))
    layer = keras.layers.AlphaDropout(0.3, seed=7)
    cases.append({"name": "alpha_dropout_inference", "oracle": "keras.layers.AlphaDropout", "rate": 0.3,
                  "x": t(x), "y": t(np.asarray(layer(jnp.asarray(x), training=False)))})

    x = activation_inputs(np.random.default_rng(1002))
    w = f32(rng.normal(size=x.shape))
    for name, lower, upper in (("rrelu_torch_default", 1.0 / 8.0, 1.0 / 3.0), ("rrelu_torch_0.1_0.3", 0.1, 0.3),
                               ("rrelu_torch_0_0.5", 0.0, 0.5)):
        xt = torch.tensor(x, requires_grad=True)
        y = F.rrelu(xt, lower=lower, upper=upper, training=False)
        (y * torch.tensor(w)).sum().backward()
        cases.append({"name": name, "oracle": f"torch {torch.__version__} F.rrelu(training=False) + autograd",
                      "lower": lower, "upper": upper, "x": t(x), "y": t(y.detach().numpy()), "w": t(w),
                      "grad_x": t(xt.grad.numpy())})
    write("stochastic_layers.json", cases)


GENERATORS = {"activations": gen_activations, "initializers": gen_initializers, "dense": gen_dense,
              "batch_norm": gen_batch_norm, "losses": gen_losses, "sgd_nesterov": gen_sgd_nesterov,
              "stochastic_layers": gen_stochastic_layers}

if __name__ == "__main__":
    # No arguments: every file. Otherwise only the named ones, e.g. `generate.py stochastic_layers`.
    names = sys.argv[1:] or list(GENERATORS)
    unknown = [n for n in names if n not in GENERATORS]
    assert not unknown, f"unknown generators {unknown}; known: {list(GENERATORS)}"
    keras.utils.set_random_seed(0)
    for name in names:
        GENERATORS[name]()
