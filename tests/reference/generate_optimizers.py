#!/usr/bin/env python3
"""Write optimizers.json, schedules.json and callbacks.json (tests/reference/) from Keras 3.

Run with a venv holding Keras 3 + JAX (see README.md, section "Optimizers, schedules, callbacks"):
    KERAS_BACKEND=jax <venv>/bin/python tests/reference/generate_optimizers.py [optimizers|schedules|callbacks]

- optimizers.json: 20 `train_on_batch` steps on one fixed batch (same batch each step) of the
  network Input(6) -> BatchNormalization -> Dense(5, relu) -> BatchNormalization -> Dense(3, softmax),
  sparse categorical cross-entropy, float32, from given weights, under every Keras 3 optimizer
  (defaults and one or more non-default settings), clipping, weight decay, an L2 regularizer, a
  MaxNorm constraint, and learning-rate schedules. Every case is cross-checked against the same
  training written out by hand (keras.ops forward, jax.grad, the update rule in jax.numpy float32)
  so the formulas documented in the README are the ones Keras ran.
- schedules.json: each Keras 3 LearningRateSchedule evaluated at fixed steps.
- callbacks.json: EarlyStopping and ReduceLROnPlateau driven directly (on_train_begin,
  on_epoch_end(epoch, logs), on_train_end) with scripted val_loss / val_accuracy sequences, on a
  tiny real compiled Keras model (so optimizer.learning_rate is a real variable and mode="auto"
  can find the accuracy metric's direction).
Deterministic (fixed seeds, CPU). Every number written comes from running Keras.
"""
import json
import math
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"
jax.config.update("jax_enable_x64", False)

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "tests/reference/generate_optimizers.py"
VERSIONS = {"keras": keras.__version__, "jax": jax.__version__, "jaxlib": jax.lib.__version__
            if hasattr(jax.lib, "__version__") else None, "numpy": np.__version__,
            "python": sys.version.split()[0]}
try:
    import jaxlib  # noqa: E402
    VERSIONS["jaxlib"] = jaxlib.__version__
except ImportError:  # pragma: no cover
    pass


# ---------------------------------------------------------------------------------------------
# JSON helpers (same conventions as generate.py)

def t(a):
    """Tensor -> {"shape", "data"} with float32 values printed to 9 significant digits."""
    a = np.asarray(a, dtype=np.float32)
    assert a.shape != (), "scalars are stored as plain numbers"
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1).tolist()]}


def num(v):
    """A float32 scalar as a plain JSON number (9 significant digits); NaN -> None (JSON null)."""
    v = float(np.float32(v))
    return None if math.isnan(v) else float(f"{v:.9g}")


def jsonable(obj):
    """get_config() output -> plain JSON (numpy scalars to numbers, nested dicts kept)."""
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        return float(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if hasattr(obj, "shape"):
        return jsonable(np.asarray(obj).tolist())
    return obj


def write(fname, cases, extra=None):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), f"duplicate case names in {fname}"
    doc = {"generator": GENERATOR, "versions": VERSIONS, "dtype": "float32"}
    doc.update(extra or {})
    doc["cases"] = cases
    path = os.path.join(HERE, fname)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def f32(a):
    return np.asarray(a, dtype=np.float32)


# ---------------------------------------------------------------------------------------------
# optimizers.json

VAR_NAMES = ["bn0/gamma", "bn0/beta", "bn0/moving_mean", "bn0/moving_variance",
             "dense0/kernel", "dense0/bias",
             "bn1/gamma", "bn1/beta", "bn1/moving_mean", "bn1/moving_variance",
             "dense1/kernel", "dense1/bias"]
TRAINABLE = [0, 1, 4, 5, 6, 7, 10, 11]           # indices into VAR_NAMES
STEPS = 20
RECORD_AT = [1, 2, 5, 10, 20]
BN_MOMENTUM, BN_EPS = 0.99, 1e-3


def initial_weights_and_batch():
    rng = np.random.default_rng(6006)
    w = [f32(rng.uniform(0.8, 1.2, 6)), f32(rng.normal(0, 0.1, 6)),
         f32(rng.normal(0, 0.2, 6)), f32(rng.uniform(0.8, 1.5, 6)),
         f32(rng.normal(0, 0.7, (6, 5))), f32(rng.normal(0, 0.1, 5)),
         f32(rng.uniform(0.8, 1.2, 5)), f32(rng.normal(0, 0.1, 5)),
         f32(rng.normal(0, 0.2, 5)), f32(rng.uniform(0.8, 1.5, 5)),
         f32(rng.normal(0, 0.6, (5, 3))), f32(rng.normal(0, 0.1, 3))]
    x = f32(rng.normal(0.3, 1.5, (8, 6)))
    y = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    return w, x, y


def build_model(l2=0.0, max_norm=None):
    reg = keras.regularizers.L2(l2) if l2 else None
    con = keras.constraints.MaxNorm(max_norm) if max_norm else None
    return keras.Sequential([
        keras.Input((6,)),
        keras.layers.BatchNormalization(name="bn0"),
        keras.layers.Dense(5, activation="relu", kernel_regularizer=reg, kernel_constraint=con,
                           name="dense0"),
        keras.layers.BatchNormalization(name="bn1"),
        keras.layers.Dense(3, activation="softmax", kernel_regularizer=reg, kernel_constraint=con,
                           name="dense1"),
    ], name="net")


# --- the hand-written run (cross-check) ----------------------------------------------------

def forward_loss(tv, xj, yj, l2, half_l2=False):
    ops = keras.ops
    g0, b0, k0, c0, g1, b1, k1, c1 = tv

    def bn(h, g, b):
        mu = ops.mean(h, axis=0)
        var = ops.var(h, axis=0)
        return (h - mu) / ops.sqrt(var + BN_EPS) * g + b, mu, var

    h, mu0, v0 = bn(xj, g0, b0)
    h = ops.relu(h @ k0 + c0)
    h, mu1, v1 = bn(h, g1, b1)
    p = ops.softmax(h @ k1 + c1)
    data = ops.mean(keras.losses.sparse_categorical_crossentropy(yj, p))
    pen = l2 * (ops.sum(k0 * k0) + ops.sum(k1 * k1)) if l2 else 0.0
    if half_l2:
        pen = 0.5 * pen
    return data + pen, (mu0, v0, mu1, v1)


def clip_grads(grads, spec, info, variant=None):
    if variant == "clipnorm_global_instead_of_per_tensor" and spec.get("clipnorm"):
        return clip_grads(grads, {"global_clipnorm": spec["clipnorm"]}, info)
    if variant == "clipnorm_per_tensor_instead_of_global" and spec.get("global_clipnorm"):
        return clip_grads(grads, {"clipnorm": spec["global_clipnorm"]}, info)
    if spec.get("clipnorm"):
        c = spec["clipnorm"]
        out = []
        for g in grads:
            n = jnp.sqrt(jnp.sum(g * g))
            info["clipped"] += int(n > c)
            out.append(g * c / jnp.maximum(n, c))
        return out
    if spec.get("global_clipnorm"):
        c = spec["global_clipnorm"]
        n = jnp.sqrt(sum(jnp.sum(g * g) for g in grads))
        info["clipped"] += int(n > c)
        return [g * c * jnp.minimum(1.0 / n, 1.0 / c) for g in grads]
    if spec.get("clipvalue"):
        c = spec["clipvalue"]
        info["clipped"] += int(sum(int(jnp.sum(jnp.abs(g) > c)) for g in grads))
        return [jnp.clip(g, -c, c) for g in grads]
    return grads


def make_rule(kind, p, variant=None):
    """Keras 3's update rule written out: returns (init_state(w), step(w, g, s, lr, t))."""
    b1, b2, eps = p.get("beta_1", 0.9), p.get("beta_2", 0.999), p.get("epsilon", 1e-7)
    if kind == "SGD":
        mom, nest = p.get("momentum", 0.0), p.get("nesterov", False)

        def step(w, g, s, lr, t):
            if mom == 0:
                return w - lr * g, s
            if variant == "momentum_lr_outside":              # PyTorch's buffer
                b = mom * s["m"] + g
                return (w - lr * (g + mom * b) if nest else w - lr * b), {"m": b}
            v = mom * s["m"] - lr * g
            return (w + mom * v - lr * g if nest else w + v), {"m": v}
        return lambda w: {"m": jnp.zeros_like(w)}, step
    if kind == "Adagrad":
        acc0 = p.get("initial_accumulator_value", 0.1)

        def step(w, g, s, lr, t):
            a = s["a"] + g * g
            if variant == "epsilon_outside_sqrt":
                return w - lr * g / (jnp.sqrt(a) + eps), {"a": a}
            return w - lr * g / jnp.sqrt(a + eps), {"a": a}
        return lambda w: {"a": jnp.full_like(w, acc0)}, step
    if kind == "RMSprop":
        rho, mom, cen = p.get("rho", 0.9), p.get("momentum", 0.0), p.get("centered", False)

        def step(w, g, s, lr, t):
            v = rho * s["v"] + (1 - rho) * g * g
            ns = {"v": v}
            if cen:
                ag = rho * s["ag"] + (1 - rho) * g
                ns["ag"] = ag
                den = v - ag * ag + eps
            else:
                den = v + eps
            inc = lr * g / jnp.sqrt(den)
            if variant == "epsilon_outside_sqrt":
                inc = lr * g / (jnp.sqrt(den - eps) + eps)
            if variant == "momentum_lr_outside" and mom > 0:
                m = mom * s["m"] + g / jnp.sqrt(den)
                ns["m"] = m
                return w - lr * m, ns
            if mom > 0:
                m = mom * s["m"] + inc
                ns["m"] = m
                return w - m, ns
            return w - inc, ns
        return lambda w: {"v": jnp.zeros_like(w), "ag": jnp.zeros_like(w),
                          "m": jnp.zeros_like(w)}, step
    if kind in ("Adam", "AdamW"):
        ams = p.get("amsgrad", False)

        def step(w, g, s, lr, t):
            m = s["m"] + (1 - b1) * (g - s["m"])
            v = s["v"] + (1 - b2) * (g * g - s["v"])
            alpha = lr * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            vh = jnp.maximum(s["vh"], v) if ams else v
            if variant == "epsilon_after_bias_correction":     # PyTorch's placement
                upd = lr * (m / (1 - b1 ** t)) / (jnp.sqrt(vh / (1 - b2 ** t)) + eps)
                return w - upd, {"m": m, "v": v, "vh": vh}
            if variant == "no_bias_correction":
                return w - lr * m / (jnp.sqrt(vh) + eps), {"m": m, "v": v, "vh": vh}
            return w - alpha * m / (jnp.sqrt(vh) + eps), {"m": m, "v": v, "vh": vh}
        return lambda w: {"m": jnp.zeros_like(w), "v": jnp.zeros_like(w),
                          "vh": jnp.zeros_like(w)}, step
    if kind == "Adamax":
        def step(w, g, s, lr, t):
            m = s["m"] + (1 - b1) * (g - s["m"])
            u = jnp.maximum(b2 * s["u"], jnp.abs(g))
            return w - lr * m / ((1 - b1 ** t) * (u + eps)), {"m": m, "u": u}
        return lambda w: {"m": jnp.zeros_like(w), "u": jnp.zeros_like(w)}, step
    if kind == "Nadam":
        # the product of momentum-cache values is shared by all variables (one scalar)
        def step(w, g, s, lr, t):
            mu_t = b1 * (1 - 0.5 * 0.96 ** t)
            mu_t1 = b1 * (1 - 0.5 * 0.96 ** (t + 1))
            if variant == "nadam_constant_momentum":
                mu_t = mu_t1 = b1
            prod_t = s["prod"] * mu_t
            prod_t1 = prod_t * mu_t1
            m = s["m"] + (1 - b1) * (g - s["m"])
            v = s["v"] + (1 - b2) * (g * g - s["v"])
            mh = mu_t1 * m / (1 - prod_t1) + (1 - mu_t) * g / (1 - prod_t)
            vh = v / (1 - b2 ** t)
            return w - lr * mh / (jnp.sqrt(vh) + eps), {"m": m, "v": v, "prod": prod_t}
        return lambda w: {"m": jnp.zeros_like(w), "v": jnp.zeros_like(w),
                          "prod": jnp.float32(1.0)}, step
    raise ValueError(kind)


def hand_written_run(w0, x, y, kind, params, spec, lr_of_step, variant=None):
    """The whole training written out; returns [(loss, weights)] per step and info."""
    w = [jnp.asarray(a) for a in w0]
    xj, yj = jnp.asarray(x), jnp.asarray(y)
    init, rule = make_rule(kind, params, variant)
    state = {i: init(w[i]) for i in TRAINABLE}
    info = {"clipped": 0}
    l2, max_norm, wd = spec.get("l2", 0.0), spec.get("max_norm"), params.get("weight_decay")
    out = []
    for it in range(STEPS):
        lr = jnp.float32(lr_of_step(it + 1 if variant == "schedule_at_1_based_step" else it))
        tv = [w[i] for i in TRAINABLE]
        (loss, (mu0, v0, mu1, v1)), grads = jax.value_and_grad(
            lambda ws: forward_loss(ws, xj, yj, l2, variant == "l2_with_one_half"),
            has_aux=True)(tv)
        grads = clip_grads(list(grads), params, info, variant)
        for i, g in zip(TRAINABLE, grads):
            wi = w[i]
            if wd and variant == "weight_decay_not_times_lr":
                wi = wi - wi * jnp.float32(wd)
            elif wd and variant == "coupled_l2_weight_decay":
                g = g + jnp.float32(wd) * wi
            elif wd and variant != "weight_decay_after_update":
                wi = wi - wi * jnp.float32(wd) * lr    # decoupled, times the current lr
            wi, state[i] = rule(wi, g, state[i], lr, jnp.float32(it + 1))
            if wd and variant == "weight_decay_after_update":
                wi = wi - wi * jnp.float32(wd) * lr        # decays the updated weights
            if max_norm and VAR_NAMES[i].endswith("kernel") and \
                    not (variant == "max_norm_only_after_first_step" and it > 0):
                n = jnp.sqrt(jnp.sum(wi * wi, axis=1 if variant == "max_norm_axis_1" else 0,
                                     keepdims=True))
                wi = wi * (jnp.clip(n, 0, max_norm) / (1e-7 + n))
            w[i] = wi
        if kind == "Nadam":        # the shared product advances once per step
            for i in TRAINABLE[1:]:
                state[i]["prod"] = state[TRAINABLE[0]]["prod"]
        w[2] = w[2] * BN_MOMENTUM + mu0 * (1 - BN_MOMENTUM)
        w[3] = w[3] * BN_MOMENTUM + v0 * (1 - BN_MOMENTUM)
        w[8] = w[8] * BN_MOMENTUM + mu1 * (1 - BN_MOMENTUM)
        w[9] = w[9] * BN_MOMENTUM + v1 * (1 - BN_MOMENTUM)
        out.append((float(loss), [np.asarray(a) for a in w]))
    return out, info


# --- the cases --------------------------------------------------------------------------------

O = keras.optimizers
S = keras.optimizers.schedules

# name, optimizer class, constructor kwargs, model spec (l2 / max_norm), what it checks
OPT_CASES = [
    ("sgd", "SGD", {}, {}, "plain SGD at defaults (lr 0.01, no momentum): w -= lr*g"),
    ("sgd_momentum_0.9", "SGD", {"momentum": 0.9}, {},
     "momentum with lr inside the velocity: v = 0.9 v - lr g; w += v"),
    ("sgd_momentum_0.9_nesterov", "SGD", {"momentum": 0.9, "nesterov": True}, {},
     "Nesterov as Keras 3 writes it: v = 0.9 v - lr g; w += 0.9 v - lr g (new v)"),
    ("adagrad", "Adagrad", {}, {},
     "Adagrad defaults: accumulator starts at 0.1, epsilon 1e-7 inside the square root"),
    ("adagrad_lr_0.05_acc0_0", "Adagrad", {"learning_rate": 0.05, "initial_accumulator_value": 0.0},
     {}, "Adagrad from a zero accumulator (first step ~ lr*sign(g)), larger lr"),
    ("rmsprop", "RMSprop", {}, {}, "RMSprop defaults: rho 0.9, epsilon 1e-7 inside the square root"),
    ("rmsprop_momentum_0.9", "RMSprop", {"momentum": 0.9}, {},
     "RMSprop with momentum: s = 0.9 s + lr g/sqrt(v+eps); w -= s (lr inside s)"),
    ("rmsprop_centered", "RMSprop", {"centered": True}, {},
     "centered RMSprop: denominator sqrt(v - gbar^2 + eps)"),
    ("adam", "Adam", {}, {}, "Adam defaults; epsilon-hat form lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps)"),
    ("adam_amsgrad", "Adam", {"amsgrad": True}, {},
     "AMSGrad at defaults: running max of v in the denominator (on this fixed batch v only grows "
     "over 20 steps, so this equals plain Adam to ~1e-6: see the lr 0.01 / beta_2 0.9 pair)"),
    ("adam_lr_0.01_beta_2_0.9", "Adam", {"learning_rate": 0.01, "beta_2": 0.9}, {},
     "Adam with a short second-moment memory (baseline of the next case)"),
    ("adam_amsgrad_lr_0.01_beta_2_0.9", "Adam", {"learning_rate": 0.01, "beta_2": 0.9,
                                                  "amsgrad": True}, {},
     "AMSGrad where v falls as the gradients shrink, so the running max v_hat matters"),
    ("adam_clipnorm_0.1", "Adam", {"clipnorm": 0.1}, {},
     "clipnorm per weight tensor (each tensor's gradient norm capped at 0.1) before the update"),
    ("adam_clipvalue_0.01", "Adam", {"clipvalue": 0.01}, {},
     "clipvalue: every gradient element clipped to [-0.01, 0.01]"),
    ("adam_global_clipnorm_0.1", "Adam", {"global_clipnorm": 0.1}, {},
     "global_clipnorm: all gradients scaled together so their joint norm is <= 0.1"),
    ("adam_weight_decay_0.01", "Adam", {"weight_decay": 0.01}, {},
     "decoupled weight decay on Adam: w -= w*wd*lr on every trainable variable before the update"),
    ("adam_l2_0.01", "Adam", {}, {"l2": 0.01},
     "L2(0.01) kernel regularizer on both Dense kernels: penalty in the reported loss and gradient"),
    ("adam_max_norm_1.0", "Adam", {}, {"max_norm": 1.0},
     "MaxNorm(1.0) kernel constraint on both Dense kernels, applied after every update (axis 0)"),
    ("adam_epsilon_1e-3", "Adam", {"epsilon": 1e-3}, {},
     "a large epsilon, so its placement (added to sqrt(v) of the *uncorrected* v) shows"),
    ("rmsprop_epsilon_1e-3", "RMSprop", {"epsilon": 1e-3}, {},
     "a large epsilon, so epsilon inside the square root shows"),
    ("adagrad_epsilon_1e-3_acc0_0", "Adagrad", {"epsilon": 1e-3, "initial_accumulator_value": 0.0},
     {}, "a large epsilon and a zero accumulator, so epsilon inside the square root shows (with "
         "the default accumulator 0.1 it hardly matters)"),
    ("adamax", "Adamax", {}, {}, "Adamax defaults: u = max(b2 u, |g|); w -= lr m/((1-b1^t)(u+eps))"),
    ("adamax_lr_0.01", "Adamax", {"learning_rate": 0.01}, {}, "Adamax with a larger learning rate"),
    ("nadam", "Nadam", {}, {}, "Nadam defaults with Keras's momentum cache (0.96 schedule)"),
    ("nadam_beta_1_0.95", "Nadam", {"beta_1": 0.95}, {}, "Nadam with beta_1 0.95"),
    ("adamw", "AdamW", {}, {}, "AdamW defaults: weight_decay 0.004, decoupled, times lr"),
    ("adamw_wd_0.1_lr_0.01", "AdamW", {"weight_decay": 0.1, "learning_rate": 0.01}, {},
     "AdamW with visible decay (wd 0.1, lr 0.01)"),
    # clipping with SGD: with Adam, clipping mostly rescales g, which Adam largely normalises away
    ("sgd_lr_0.1", "SGD", {"learning_rate": 0.1}, {}, "plain SGD at lr 0.1 (baseline of the clipping cases)"),
    ("sgd_lr_0.1_momentum_0.9", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, {},
     "SGD momentum at lr 0.1 (baseline of the weight-decay case)"),
    ("sgd_lr_0.1_clipnorm_0.1", "SGD", {"learning_rate": 0.1, "clipnorm": 0.1}, {},
     "clipnorm with SGD, where the clipped step size shows directly"),
    ("sgd_lr_0.1_global_clipnorm_0.1", "SGD", {"learning_rate": 0.1, "global_clipnorm": 0.1}, {},
     "global_clipnorm with SGD"),
    ("sgd_lr_0.1_clipvalue_0.01", "SGD", {"learning_rate": 0.1, "clipvalue": 0.01}, {},
     "clipvalue with SGD"),
    ("sgd_momentum_0.9_weight_decay_0.01", "SGD",
     {"learning_rate": 0.1, "momentum": 0.9, "weight_decay": 0.01}, {},
     "decoupled weight decay on SGD momentum (not the coupled L2 of PyTorch's SGD)"),
]

# training cases with a schedule (written to schedules.json): name, class, kwargs, schedule, what
SCHED_TRAIN_CASES = [
    ("adam_exponential_decay", "Adam", {},
     ("ExponentialDecay", {"initial_learning_rate": 0.01, "decay_steps": 10, "decay_rate": 0.1}),
     "Adam whose lr = ExponentialDecay(0.01, 10, 0.1)(iterations), evaluated once per step "
     "with iterations = 0 for the first step"),
    ("sgd_momentum_0.9_exponential_decay", "SGD", {"momentum": 0.9},
     ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.1}),
     "SGD momentum under a schedule: lr stays inside the velocity (differs from PyTorch)"),
    ("adamw_exponential_decay", "AdamW", {},
     ("ExponentialDecay", {"initial_learning_rate": 0.01, "decay_steps": 10, "decay_rate": 0.1}),
     "AdamW under a schedule: the decoupled decay uses the scheduled lr of the step"),
]


def tolerance_for(step):
    """Recommended relative tolerance after `step` float32 steps (see README)."""
    return 1e-5 if step <= 2 else (2e-5 if step <= 10 else 5e-5)


TOLERANCE_NOTE = ("compare |got - want| <= rtol * max(|want|, 1) (i.e. absolute near zero); "
                  "rtol from 'tolerance_by_step' (1e-5 up to step 2, 2e-5 up to step 10, 5e-5 "
                  "at step 20); losses with 1e-5 relative at every step")


def optimizer_var_names(model):
    """Keras optimizer variable name prefix -> our variable name."""
    out = {}
    for v, n in zip(model.weights, VAR_NAMES):
        out[v.path.replace("/", "_")] = n
    return out


def variants_for(cls, kwargs, spec, schedule):
    """Plausible mis-implementations that each case should catch."""
    v = []
    if cls in ("Adam", "AdamW"):
        v += ["epsilon_after_bias_correction", "no_bias_correction"]
    if cls in ("Adagrad", "RMSprop"):
        v.append("epsilon_outside_sqrt")
    if kwargs.get("momentum") and cls in ("SGD", "RMSprop") and schedule:
        # identical to Keras for a constant lr (checked: ~4e-7), so only listed under a schedule
        v.append("momentum_lr_outside")
    if cls == "Nadam":
        v.append("nadam_constant_momentum")
    if kwargs.get("weight_decay") or cls == "AdamW":
        v += ["weight_decay_not_times_lr", "weight_decay_after_update", "coupled_l2_weight_decay"]
    if kwargs.get("clipnorm"):
        v.append("clipnorm_global_instead_of_per_tensor")
    if kwargs.get("global_clipnorm"):
        v.append("clipnorm_per_tensor_instead_of_global")
    if spec.get("max_norm"):
        v += ["max_norm_axis_1", "max_norm_only_after_first_step"]
    if spec.get("l2"):
        v.append("l2_with_one_half")
    if schedule:
        v.append("schedule_at_1_based_step")
    return v


VARIANT_DOC = {
    "epsilon_after_bias_correction": "PyTorch-style Adam: lr * m_hat / (sqrt(v_hat) + eps)",
    "no_bias_correction": "Adam without the bias corrections",
    "epsilon_outside_sqrt": "g / (sqrt(acc) + eps) instead of g / sqrt(acc + eps)",
    "momentum_lr_outside": "PyTorch-style momentum buffer, lr applied outside it",
    "nadam_constant_momentum": "Nadam without the 0.96 momentum cache (mu_t = beta_1)",
    "weight_decay_not_times_lr": "w -= wd * w (not multiplied by the learning rate)",
    "weight_decay_after_update": "decay applied to the updated weights (after the optimizer's "
                                 "update) instead of to the weights before it",
    "coupled_l2_weight_decay": "wd * w added to the gradient (PyTorch SGD/Adam weight_decay)",
    "clipnorm_global_instead_of_per_tensor": "clipnorm treated as global_clipnorm",
    "clipnorm_per_tensor_instead_of_global": "global_clipnorm treated as per-tensor clipnorm",
    "max_norm_axis_1": "MaxNorm norms taken over axis 1 (per input row) instead of axis 0",
    "max_norm_only_after_first_step": "constraint applied once instead of after every step",
    "l2_with_one_half": "penalty 0.5 * l2 * sum(w^2) instead of l2 * sum(w^2)",
    "schedule_at_1_based_step": "schedule evaluated at the 1-based step t instead of iterations",
}


def run_training_case(name, cls, kwargs, spec, what, w0, x, y, schedule=None):
    # a fresh session, so Keras's auto-generated optimizer names (config "name", variable paths)
    # do not depend on how many optimizers were made before: "adam", not "adam_22"
    keras.backend.clear_session()
    keras.utils.set_random_seed(7)
    model = build_model(spec.get("l2", 0.0), spec.get("max_norm"))
    assert len(model.weights) == len(VAR_NAMES)
    for v, n in zip(model.weights, VAR_NAMES):
        assert v.path.split("/")[-1] == n.split("/")[-1] and n.split("/")[0] in v.path, (v.path, n)
    model.set_weights(w0)
    kw = dict(kwargs)
    sched_obj = None
    if schedule:
        sched_obj = getattr(S, schedule[0])(**schedule[1])
        kw["learning_rate"] = sched_obj
    opt = getattr(O, cls)(**kw)
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    losses, steps = [], []
    for s in range(1, STEPS + 1):
        loss = float(model.train_on_batch(x, y))
        losses.append(loss)
        if s in RECORD_AT:
            steps.append({"step": s, "loss": num(loss),
                          "weights": {n: t(v) for n, v in zip(VAR_NAMES, model.get_weights())}})
    assert int(opt.iterations.numpy()) == STEPS
    # optimizer variables after the last step, with Keras's names
    prefix_map = optimizer_var_names(model)
    opt_vars = []
    for v in opt.variables:
        entry = {"name": v.name, "path": v.path, "for": None, "kind": None}
        for pre, n in prefix_map.items():
            if v.name.startswith(pre + "_"):
                entry["for"], entry["kind"] = n, v.name[len(pre) + 1:]
        if v is opt.iterations or v.name == "iteration":
            entry["kind"] = "iterations"
        elif v.name == "learning_rate":
            entry["kind"] = "learning_rate"
        elif cls == "Nadam" and v is getattr(opt, "_u_product", None):
            entry["kind"] = "u_product (Nadam: running product of mu_t, one scalar for all weights)"
        val = np.asarray(v.numpy())
        if val.shape == ():
            entry["value"] = int(val) if "int" in str(val.dtype) else num(val)
        else:
            entry["value"] = t(val)
        opt_vars.append(entry)
    config = jsonable(opt.get_config())
    # fit() with one batch per epoch must do exactly what the train_on_batch calls did
    keras.utils.set_random_seed(7)
    model_fit = build_model(spec.get("l2", 0.0), spec.get("max_norm"))
    model_fit.set_weights(w0)
    opt_fit = getattr(O, cls)(**dict(kw, learning_rate=getattr(S, schedule[0])(**schedule[1]))
                              if schedule else kw)
    model_fit.compile(optimizer=opt_fit, loss="sparse_categorical_crossentropy")
    hist = model_fit.fit(x, y, epochs=STEPS, batch_size=len(x), shuffle=False, verbose=0)
    assert np.allclose(hist.history["loss"], losses, rtol=1e-6, atol=0), name
    for a, b in zip(model_fit.get_weights(), model.get_weights()):
        assert np.allclose(a, b, rtol=1e-6, atol=1e-7), name
    # cross-check against the hand-written rules
    params = dict(kwargs)
    if cls == "AdamW" and "weight_decay" not in params:
        params["weight_decay"] = 0.004
    if schedule:
        lr_of_step = lambda it: float(sched_obj(it))  # noqa: E731
        lrs = [num(sched_obj(it)) for it in range(STEPS)]
    else:
        lr0 = float(np.float32(opt.learning_rate.numpy()))
        lr_of_step = lambda it: lr0  # noqa: E731
        lrs = None
    hand, info = hand_written_run(w0, x, y, cls, params, spec, lr_of_step)
    worst = 0.0
    for s in steps:
        hl, hw = hand[s["step"] - 1]
        kwts = [np.asarray(a["data"]).reshape(a["shape"]) for a in s["weights"].values()]
        err = max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0))) for a, b in zip(hw, kwts))
        worst = max(worst, err)
        assert err < tolerance_for(s["step"]), (name, s["step"], err)
    for i, (hl, _) in enumerate(hand):
        assert abs(hl - losses[i]) <= 1e-5 * max(1.0, abs(hl)), (name, i, hl, losses[i])
    # plausible mistakes and how far they land from Keras at step 20 (relative as in tolerance)
    mistakes = []
    for var in variants_for(cls, kwargs, spec, schedule):
        out, _ = hand_written_run(w0, x, y, cls, params, spec, lr_of_step, var)
        want = [np.asarray(a["data"]).reshape(a["shape"]) for a in steps[-1]["weights"].values()]
        d = max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0)))
                for a, b in zip(out[-1][1], want))
        mistakes.append({"mistake": var, "what": VARIANT_DOC[var],
                         "max_rel_diff_at_step_20": float(f"{d:.3g}"),
                         "caught_by_tolerance": bool(d > tolerance_for(STEPS))})
    case = {"name": name, "oracle": "keras train_on_batch (20 calls, same batch); equal to "
                                     "fit(epochs=20, batch_size=8, shuffle=False); cross-checked "
                                     "by the hand-written rule in jax.numpy float32",
            "checks": what, "optimizer": cls, "optimizer_kwargs": jsonable(kwargs),
            "optimizer_config": config,
            "l2": spec.get("l2", 0.0), "l2_on": ["dense0/kernel", "dense1/kernel"] if spec.get("l2") else [],
            "max_norm": spec.get("max_norm"),
            "max_norm_on": ["dense0/kernel", "dense1/kernel"] if spec.get("max_norm") else [],
            "max_norm_axis": 0 if spec.get("max_norm") else None,
            "bn_momentum": BN_MOMENTUM, "bn_epsilon": BN_EPS,
            "loss_function": "sparse_categorical_crossentropy",
            "x": t(x), "y": t(y), "variable_names": VAR_NAMES,
            "trainable_variable_names": [VAR_NAMES[i] for i in TRAINABLE],
            "initial": {n: t(v) for n, v in zip(VAR_NAMES, w0)},
            "losses": [num(v) for v in losses],
            "steps": steps,
            "iterations": STEPS,
            "optimizer_variables": opt_vars,
            "tolerance_by_step": {str(s): tolerance_for(s) for s in RECORD_AT},
            "loss_tolerance": 1e-5,
            "tolerance_note": TOLERANCE_NOTE,
            "hand_written_max_rel_diff": float(f"{worst:.3g}"),
            "mistakes_detected": mistakes}
    if params.get("clipnorm") or params.get("clipvalue") or params.get("global_clipnorm"):
        unit = "elements" if params.get("clipvalue") else (
            "tensors" if params.get("clipnorm") else "steps")
        case["clipping_active"] = f"{info['clipped']} {unit} clipped over the {STEPS} steps"
    if schedule:
        case["schedule"] = {"class": schedule[0], "config": jsonable(sched_obj.get_config())}
        case["learning_rate_by_step"] = lrs
        case["learning_rate_by_step_note"] = ("learning_rate_by_step[k] is the lr used by step "
                                              "k+1 (schedule evaluated at iterations = k)")
    return case


def discrimination(cases, a, b):
    """max |w_a - w_b| after step 20 between two cases, relative as in the tolerance."""
    ca = next(c for c in cases if c["name"] == a)
    cb = next(c for c in cases if c["name"] == b)
    wa, wb = ca["steps"][-1]["weights"], cb["steps"][-1]["weights"]
    return max(float(np.max(np.abs(np.asarray(wa[n]["data"]) - np.asarray(wb[n]["data"]))
                        / np.maximum(np.abs(np.asarray(wb[n]["data"])), 1.0))) for n in wa)


def gen_optimizers():
    w0, x, y = initial_weights_and_batch()
    cases = []
    for name, cls, kwargs, spec, what in OPT_CASES:
        c = run_training_case(name, cls, kwargs, spec, what, w0, x, y)
        cases.append(c)
        print(f"{name}: loss {c['losses'][0]:.6f} -> {c['losses'][-1]:.6f}, hand-written max rel "
              f"diff {c['hand_written_max_rel_diff']}, {c.get('clipping_active', '')}")
        for m in c["mistakes_detected"]:
            print(f"    mistake {m['mistake']}: {m['max_rel_diff_at_step_20']}")
    base = {"adam": ["adam_amsgrad", "adam_clipnorm_0.1", "adam_clipvalue_0.01",
                     "adam_global_clipnorm_0.1", "adam_weight_decay_0.01", "adam_l2_0.01",
                     "adam_max_norm_1.0", "adamw"],
            "adam_lr_0.01_beta_2_0.9": ["adam_amsgrad_lr_0.01_beta_2_0.9"],
            "sgd_lr_0.1": ["sgd_lr_0.1_clipnorm_0.1", "sgd_lr_0.1_global_clipnorm_0.1",
                           "sgd_lr_0.1_clipvalue_0.01"],
            "sgd_lr_0.1_momentum_0.9": ["sgd_momentum_0.9_weight_decay_0.01"],
            "sgd_momentum_0.9": ["sgd_momentum_0.9_nesterov"],
            "rmsprop": ["rmsprop_centered"],
            "nadam": ["nadam_beta_1_0.95"]}
    for b, others in base.items():
        for o in others:
            d = discrimination(cases, o, b)
            next(c for c in cases if c["name"] == o)["max_rel_diff_from_" + b + "_at_step_20"] = \
                float(f"{d:.3g}")
            print(f"  {o} vs {b}: {d:.3g} at step 20")
    write("optimizers.json", cases, {"network": "Input(6) -> BatchNormalization(bn0) -> "
                                                "Dense(5, relu)(dense0) -> BatchNormalization(bn1)"
                                                " -> Dense(3, softmax)(dense1)"})


# ---------------------------------------------------------------------------------------------
# schedules.json

SCHED_STEPS = [0, 1, 2, 5, 10, 50, 99, 100, 101, 150, 300, 301, 700, 999, 1000, 1001, 1100,
               1500, 3100, 5000]

SCHEDULES = [
    ("inverse_time_decay_book", "InverseTimeDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 10000, "decay_rate": 1.0},
     "power scheduling with c = 1: lr0 / (1 + rate * step / decay_steps)"),
    ("inverse_time_decay_staircase", "InverseTimeDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 100, "decay_rate": 1.0, "staircase": True},
     "staircase: floor(step / decay_steps) (decay_steps 100 so the stairs show within 5000 steps)"),
    ("inverse_time_decay_book_staircase", "InverseTimeDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 10000, "decay_rate": 1.0, "staircase": True},
     "the book's power schedule with staircase (constant 0.01 below step 10000)"),
    ("exponential_decay_book", "ExponentialDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 20000, "decay_rate": 0.1},
     "lr0 * rate^(step / decay_steps)"),
    ("exponential_decay_staircase", "ExponentialDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 1000, "decay_rate": 0.1, "staircase": True},
     "staircase: rate^floor(step / decay_steps) (decay_steps 1000: steps 999/1000/1001 straddle "
     "a stair)"),
    ("exponential_decay_book_staircase", "ExponentialDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 20000, "decay_rate": 0.1, "staircase": True},
     "the book's exponential schedule with staircase (constant below step 20000)"),
    ("piecewise_constant", "PiecewiseConstantDecay",
     {"boundaries": [5, 1000], "values": [0.1, 0.01, 0.001]},
     "values[0] for step <= 5, values[1] for 5 < step <= 1000, values[2] after: boundaries "
     "belong to the left interval"),
    ("cosine_decay", "CosineDecay",
     {"initial_learning_rate": 0.1, "decay_steps": 1000, "alpha": 0.01},
     "lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)"),
    ("cosine_decay_warmup", "CosineDecay",
     {"initial_learning_rate": 0.0, "decay_steps": 1000, "alpha": 0.01, "warmup_target": 0.1,
      "warmup_steps": 100},
     "linear warmup from initial_learning_rate to warmup_target over warmup_steps, then cosine "
     "decay from warmup_target over decay_steps counted from the end of the warmup"),
    ("cosine_decay_warmup_from_0.01", "CosineDecay",
     {"initial_learning_rate": 0.01, "decay_steps": 1000, "alpha": 0.0, "warmup_target": 0.1,
      "warmup_steps": 100},
     "warmup from a non-zero start"),
    ("cosine_decay_restarts", "CosineDecayRestarts",
     {"initial_learning_rate": 0.1, "first_decay_steps": 100},
     "SGDR defaults t_mul 2, m_mul 1, alpha 0: periods 100, 200, 400, ... (restarts at 100, "
     "300, 700, 1500, 3100)"),
    ("cosine_decay_restarts_m_mul_0.5", "CosineDecayRestarts",
     {"initial_learning_rate": 0.1, "first_decay_steps": 100, "t_mul": 2.0, "m_mul": 0.5,
      "alpha": 0.01},
     "SGDR with each restart's peak halved and alpha 0.01"),
]


def gen_schedules():
    cases = []
    for name, cls, kw, what in SCHEDULES:
        sch = getattr(S, cls)(**kw)
        lrs = [num(sch(s)) for s in SCHED_STEPS]
        # the same schedule with a jax int32 step (what optimizer.iterations is) must agree
        lrs_int = [num(sch(jnp.asarray(s, dtype="int32"))) for s in SCHED_STEPS]
        assert lrs == lrs_int, (name, lrs, lrs_int)
        cases.append({"name": name, "oracle": "keras schedule __call__(step)", "checks": what,
                      "schedule": cls, "config": jsonable(sch.get_config()),
                      "at_steps": SCHED_STEPS, "learning_rate": lrs,
                      "tolerance": 1e-6, "tolerance_note": "relative, float32 evaluation"})
        print(name, dict(zip(SCHED_STEPS, lrs)))
    w0, x, y = initial_weights_and_batch()
    for name, cls, kwargs, schedule, what in SCHED_TRAIN_CASES:
        c = run_training_case(name, cls, kwargs, {}, what, w0, x, y, schedule=schedule)
        cases.append(c)
        print(f"{name}: loss {c['losses'][0]:.6f} -> {c['losses'][-1]:.6f}, hand-written max rel "
              f"diff {c['hand_written_max_rel_diff']}")
        for m in c["mistakes_detected"]:
            print(f"    mistake {m['mistake']}: {m['max_rel_diff_at_step_20']}")
    write("schedules.json", cases)


# ---------------------------------------------------------------------------------------------
# callbacks.json

def tiny_model(lr=0.1):
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, name="d")], name="tiny")
    m.compile(optimizer=O.SGD(learning_rate=lr), loss="mse", metrics=["accuracy"])
    # one step builds the compiled metrics (mode="auto" looks for the metric's direction there)
    m.train_on_batch(np.zeros((1, 1), np.float32), np.zeros((1, 1), np.float32))
    return m


NAN = float("nan")
# scripted sequences (15 epochs unless stated)
SEQ_LOSS = [1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.65, 0.66, 0.67, 0.68, 0.69, 0.6, 0.61, 0.62, 0.63]
SEQ_SMALL = [1.0, 0.9, 0.895, 0.891, 0.889, 0.85, 0.845, 0.842, 0.8405, 0.838, 0.8, 0.79, 0.789,
             0.788, 0.787]
SEQ_ACC = [0.5, 0.6, 0.65, 0.65, 0.64, 0.7, 0.69, 0.7, 0.68, 0.67, 0.66, 0.72, 0.71, 0.70, 0.69]
SEQ_NAN = [1.0, 0.8, NAN, 0.75, NAN, NAN, 0.74, 0.76, 0.77, 0.78, 0.79, 0.7, 0.71, 0.72, 0.73]
SEQ_NAN_FIRST = [NAN, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05]
SEQ_EARLY_BAD = [0.5, 0.9, 0.95, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45, 0.46, 0.47, 0.48, 0.49, 0.5, 0.51]
SEQ_BASELINE = [0.9, 0.85, 0.8, 0.79, 0.78, 0.77, 0.6, 0.59, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66,
                0.67]
SEQ_BASELINE_NEVER = [0.9, 0.88, 0.86, 0.84, 0.82, 0.83, 0.8, 0.78, 0.76, 0.74, 0.72, 0.7, 0.68,
                      0.66, 0.64]
SEQ_PLATEAU = [1.0, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.84995, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8,
               0.8, 0.8, 0.8, 0.8, 0.8]
SEQ_RLR_DELTA = [1.0, 0.995, 0.9905, 0.985, 0.98, 0.95, 0.949, 0.948, 0.947, 0.946, 0.9, 0.899,
                 0.898, 0.897, 0.896]

EARLY_CASES = [
    ("early_stopping_patience_3", {"monitor": "val_loss", "patience": 3}, "val_loss", SEQ_LOSS,
     "patience counting: stops at the 3rd consecutive epoch without a new best"),
    ("early_stopping_patience_3_min_delta_0.01", {"monitor": "val_loss", "patience": 3,
                                                  "min_delta": 0.01}, "val_loss", SEQ_SMALL,
     "improvements smaller than min_delta (absolute) do not reset the wait"),
    ("early_stopping_patience_0", {"monitor": "val_loss", "patience": 0}, "val_loss", SEQ_LOSS,
     "default patience 0: stops at the first non-improving epoch (never at epoch 0)"),
    ("early_stopping_val_accuracy_auto", {"monitor": "val_accuracy", "patience": 3,
                                          "mode": "auto"}, "val_accuracy", SEQ_ACC,
     "mode auto on val_accuracy maximises (direction taken from the compiled accuracy metric); "
     "equal values are not improvements"),
    ("early_stopping_val_accuracy_max", {"monitor": "val_accuracy", "patience": 3,
                                         "mode": "max"}, "val_accuracy", SEQ_ACC,
     "explicit mode max, must equal the auto case"),
    ("early_stopping_restore_best_weights", {"monitor": "val_loss", "patience": 3,
                                             "restore_best_weights": True}, "val_loss", SEQ_LOSS,
     "restore_best_weights: weights set to the epoch index before each on_epoch_end; records "
     "which epoch's weights are back after on_train_end"),
    ("early_stopping_restore_best_weights_no_stop", {"monitor": "val_loss", "patience": 20,
                                                     "restore_best_weights": True},
     "val_loss", SEQ_LOSS,
     "restore_best_weights also restores when EarlyStopping never stopped training"),
    ("early_stopping_start_from_epoch_2", {"monitor": "val_loss", "patience": 3,
                                           "start_from_epoch": 2}, "val_loss", SEQ_EARLY_BAD,
     "start_from_epoch 2: epochs 0 and 1 are ignored entirely (not even a best value)"),
    ("early_stopping_start_from_epoch_0_same_seq", {"monitor": "val_loss", "patience": 3},
     "val_loss", SEQ_EARLY_BAD, "the same sequence without start_from_epoch, for contrast"),
    ("early_stopping_baseline_0.7", {"monitor": "val_loss", "patience": 3, "baseline": 0.7},
     "val_loss", SEQ_BASELINE,
     "baseline 0.7: a new best that does not beat the baseline does not reset the wait"),
    ("early_stopping_baseline_0.7_not_reached", {"monitor": "val_loss", "patience": 3,
                                                 "baseline": 0.7}, "val_loss", SEQ_BASELINE_NEVER,
     "baseline 0.7 never beaten: wait keeps growing through improvements and training stops at "
     "the first non-improving epoch with wait >= patience"),
    ("early_stopping_nan", {"monitor": "val_loss", "patience": 3}, "val_loss", SEQ_NAN,
     "NaN val_loss (null in the JSON) is never an improvement: it counts toward patience"),
    ("early_stopping_nan_first", {"monitor": "val_loss", "patience": 3}, "val_loss",
     SEQ_NAN_FIRST, "NaN in the first monitored epoch becomes 'best' and nothing improves on it"),
]

RLR_CASES = [
    ("reduce_lr_factor_0.5_patience_2", {"monitor": "val_loss", "factor": 0.5, "patience": 2},
     "val_loss", SEQ_PLATEAU,
     "halve after 2 epochs without improvement (default min_delta 1e-4 absolute); the wait "
     "restarts from 0 after a reduction"),
    ("reduce_lr_min_lr_cooldown_1", {"monitor": "val_loss", "factor": 0.5, "patience": 2,
                                     "min_lr": 0.03, "cooldown": 1}, "val_loss", SEQ_PLATEAU,
     "cooldown 1: the epoch after a reduction does not count toward patience; min_lr floors "
     "the lr (0.1 -> 0.05 -> 0.03 and no further)"),
    ("reduce_lr_cooldown_1", {"monitor": "val_loss", "factor": 0.5, "patience": 2,
                              "cooldown": 1}, "val_loss", SEQ_PLATEAU,
     "cooldown 1 alone (compare with reduce_lr_factor_0.5_patience_2)"),
    ("reduce_lr_cooldown_2", {"monitor": "val_loss", "factor": 0.5, "patience": 2,
                              "cooldown": 2}, "val_loss", SEQ_PLATEAU,
     "cooldown 2: how many epochs after a reduction are skipped"),
    ("reduce_lr_patience_0", {"monitor": "val_loss", "factor": 0.5, "patience": 0},
     "val_loss", SEQ_PLATEAU,
     "patience 0: wait >= 0 is true at once, so every non-improving epoch reduces"),
    ("reduce_lr_min_delta_0.01_mode_min", {"monitor": "val_loss", "factor": 0.5, "patience": 2,
                                           "min_delta": 0.01, "mode": "min"}, "val_loss",
     SEQ_RLR_DELTA, "min_delta 0.01 absolute in mode min: steps of 0.005 are plateaus"),
    ("reduce_lr_nan", {"monitor": "val_loss", "factor": 0.5, "patience": 2}, "val_loss", SEQ_NAN,
     "NaN val_loss (null in the JSON) counts as no improvement"),
    ("reduce_lr_nan_first", {"monitor": "val_loss", "factor": 0.5, "patience": 2}, "val_loss",
     SEQ_NAN_FIRST, "NaN first: best stays NaN, so the lr halves every 2 epochs although the "
     "loss falls"),
    ("reduce_lr_val_accuracy_auto", {"monitor": "val_accuracy", "factor": 0.5, "patience": 2},
     "val_accuracy", SEQ_ACC, "mode auto maximises val_accuracy"),
]


def drive(cb, model, monitor, seq, lr0=0.1):
    model.optimizer.learning_rate.assign(lr0)
    model.stop_training = False
    cb.set_model(model)
    cb.on_train_begin()
    rec = {"stop_training_after_epoch": None, "learning_rate_after_epoch": [],
           "logged_learning_rate": [], "wait_after_epoch": [], "best_after_epoch": []}
    for epoch, v in enumerate(seq):
        model.set_weights([np.full((1, 1), epoch, np.float32), np.full((1,), epoch, np.float32)])
        logs = {monitor: v}
        cb.on_epoch_end(epoch, logs)
        rec["learning_rate_after_epoch"].append(num(model.optimizer.learning_rate.numpy()))
        if "learning_rate" in logs:
            rec["logged_learning_rate"].append(num(logs["learning_rate"]))
        rec["wait_after_epoch"].append(int(cb.wait))
        rec["best_after_epoch"].append(None if cb.best is None else num(cb.best))
        if model.stop_training and rec["stop_training_after_epoch"] is None:
            rec["stop_training_after_epoch"] = epoch
            break            # fit() checks stop_training after the epoch-end callbacks
    cb.on_train_end()
    rec["epochs_run"] = len(rec["learning_rate_after_epoch"])
    rec["weights_after_train_end"] = float(model.get_weights()[0][0, 0])
    return rec


def gen_callbacks():
    model = tiny_model()
    cases = []
    for name, kw, monitor, seq, what in EARLY_CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cb = keras.callbacks.EarlyStopping(**kw)
            rec = drive(cb, model, monitor, seq)
        c = {"name": name, "oracle": "keras EarlyStopping driven directly", "checks": what,
             "callback": "EarlyStopping", "kwargs": kw, "monitor": monitor,
             "sequence": [num(v) for v in seq], "sequence_note": "null = NaN",
             "stop_training_after_epoch": rec["stop_training_after_epoch"],
             "stopped_epoch": int(cb.stopped_epoch), "best_epoch": int(cb.best_epoch),
             "epochs_run": rec["epochs_run"], "wait_after_epoch": rec["wait_after_epoch"],
             "best_after_epoch": rec["best_after_epoch"],
             "tolerance": 0, "tolerance_note": "integers: exact"}
        if kw.get("restore_best_weights"):
            c["restored_weights_epoch"] = int(round(rec["weights_after_train_end"]))
            c["restore_note"] = ("before on_epoch_end(e) the tiny model's weights are all set to "
                                 "e; restored_weights_epoch is the value they hold after "
                                 "on_train_end")
        cases.append(c)
        print(name, "stop after", c["stop_training_after_epoch"], "stopped_epoch",
              c["stopped_epoch"], "best_epoch", c["best_epoch"], "waits", c["wait_after_epoch"],
              c.get("restored_weights_epoch", ""))
    for name, kw, monitor, seq, what in RLR_CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cb = keras.callbacks.ReduceLROnPlateau(**kw)
            rec = drive(cb, model, monitor, seq)
        c = {"name": name, "oracle": "keras ReduceLROnPlateau driven directly", "checks": what,
             "callback": "ReduceLROnPlateau", "kwargs": kw, "monitor": monitor,
             "initial_learning_rate": 0.1,
             "sequence": [num(v) for v in seq], "sequence_note": "null = NaN",
             "learning_rate_after_epoch": rec["learning_rate_after_epoch"],
             "logged_learning_rate": rec["logged_learning_rate"],
             "logged_learning_rate_note": "logs['learning_rate'] written by the callback at epoch "
                                          "end: the lr before that epoch's reduction",
             "wait_after_epoch": rec["wait_after_epoch"],
             "best_after_epoch": rec["best_after_epoch"],
             "cooldown_counter_at_end": int(cb.cooldown_counter),
             "stop_training_after_epoch": rec["stop_training_after_epoch"],
             "tolerance": 1e-6, "tolerance_note": "relative on learning rates (float32 variable)"}
        cases.append(c)
        print(name, "lr", c["learning_rate_after_epoch"], "waits", c["wait_after_epoch"])
    write("callbacks.json", cases)


if __name__ == "__main__":
    which = sys.argv[1:] or ["optimizers", "schedules", "callbacks"]
    for w in which:
        {"optimizers": gen_optimizers, "schedules": gen_schedules, "callbacks": gen_callbacks}[w]()
