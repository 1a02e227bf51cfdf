#!/usr/bin/env python3
"""Second oracle: recompute the committed Keras vectors with PyTorch configured as Keras.

Usage: /usr/bin/python3 tests/reference/crosscheck_torch.py   (Debian's torch 1.13)
   or: tests/reference/.venv/bin/python tests/reference/crosscheck_torch.py   (PyPI torch)
Everything is recomputed in float64 from the JSON inputs; prints the largest difference per
case and exits non-zero if one exceeds its tolerance. Keras and PyTorch are independent
implementations, so agreement checks both the vectors and the semantics notes.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
D = torch.float64
failures = []


def T(a):
    return torch.tensor(a["data"], dtype=D).reshape(a["shape"])


def check(name, got, want, tol):
    err = float((got.detach() - want).abs().max()) if isinstance(got, torch.Tensor) \
        else abs(got - want)
    scale = float(want.abs().max()) if isinstance(want, torch.Tensor) else abs(want)
    ok = err <= tol * max(1.0, scale)
    print(f"  {'ok  ' if ok else 'FAIL'} {name:55s} max|diff| {err:.2e}")
    if not ok:
        failures.append(name)


def load(fname):
    with open(os.path.join(HERE, fname)) as f:
        return json.load(f)["cases"]


TOL = 2e-6  # float32 vectors against float64 recomputation (relative to max(1, |value|))


def activations():
    print("activations.json")
    torch_fn = {
        "linear": lambda x, c: x, "sigmoid": lambda x, c: torch.sigmoid(x),
        "tanh": lambda x, c: torch.tanh(x), "relu": lambda x, c: torch.relu(x),
        "leaky_relu": lambda x, c: F.leaky_relu(x, c["negative_slope"]),
        "elu": lambda x, c: F.elu(x, c["alpha"]), "selu": lambda x, c: F.selu(x),
        "gelu": lambda x, c: F.gelu(x, approximate="tanh" if c["approximate"] else "none"),
        "swish": lambda x, c: F.silu(x), "mish": lambda x, c: F.mish(x),
        "softmax": lambda x, c: torch.softmax(x, dim=-1),
        "rrelu": lambda x, c: F.rrelu(x, c["lower"], c["upper"], training=False),
    }
    for c in load("activations.json"):
        x = T(c["x"]).requires_grad_()
        if c["activation"] == "prelu":
            a = T(c["alpha_vector"]).requires_grad_()
            y = F.prelu(x, a)
            (y * T(c["w"])).sum().backward()
            check(c["name"] + " y", y, T(c["y"]), TOL)
            nz = T(c["x"]) != 0  # Keras relu(x) - a*relu(-x) has slope 0 at 0, torch a
            check(c["name"] + " grad_x (x != 0)", x.grad[nz], T(c["grad_x"])[nz], TOL)
            check(c["name"] + " grad_alpha", a.grad, T(c["grad_alpha"]), TOL)
            continue
        y = torch_fn[c["activation"]](x, c)
        (y * T(c["w"])).sum().backward()
        check(c["name"] + " y", y, T(c["y"]), TOL)
        # PyTorch's subgradient at exactly 0 differs for relu (torch: 0, same), elu/leaky (torch
        # uses x > 0 for elu): compare away from 0 and report 0 separately.
        g, gw = x.grad, T(c["grad_x"])
        nz = T(c["x"]) != 0
        check(c["name"] + " grad_x (x != 0)", g[nz], gw[nz], TOL)


def dense():
    print("dense.json")
    for c in load("dense.json"):
        k, b, x = (T(c[n]).requires_grad_() for n in ("kernel", "bias", "x"))
        y = F.linear(x, k.t(), b)
        if c["activation"] == "relu":
            y = torch.relu(y)
        (y * T(c["upstream"])).sum().backward()
        check(c["name"] + " y", y, T(c["y"]), TOL)
        check(c["name"] + " grad_kernel", k.grad, T(c["grad_kernel"]), TOL)
        check(c["name"] + " grad_bias", b.grad, T(c["grad_bias"]), TOL)
        check(c["name"] + " grad_x", x.grad, T(c["grad_x"]), TOL)


def batch_norm():
    print("batch_norm.json")
    for c in load("batch_norm.json"):
        x, g, b = (T(c[n]).requires_grad_() for n in ("x", "gamma", "beta"))
        rm, rv = T(c["moving_mean"]), T(c["moving_variance"])
        n = x.shape[0]
        y = F.batch_norm(x, rm, rv, g, b, training=True, momentum=1 - c["momentum"],
                         eps=c["epsilon"])
        (y * T(c["upstream"])).sum().backward()
        check(c["name"] + " y_train", y, T(c["y_train"]), 2e-5)
        check(c["name"] + " moving_mean_after", rm, T(c["moving_mean_after"]), TOL)
        # PyTorch updates running_var with the unbiased variance: undo that to get Keras's
        m0, v0 = T(c["moving_variance"]), 1 - c["momentum"]
        unbiased = (rv - m0 * (1 - v0)) / v0
        keras_var = m0 * c["momentum"] + unbiased * (n - 1) / n * v0
        check(c["name"] + " moving_variance_after (biased)", keras_var,
              T(c["moving_variance_after"]), TOL)
        check(c["name"] + " grad_x", x.grad, T(c["grad_x"]), 2e-5)
        check(c["name"] + " grad_gamma", g.grad, T(c["grad_gamma"]), 2e-5)
        check(c["name"] + " grad_beta", b.grad, T(c["grad_beta"]), TOL)
        yi = F.batch_norm(T(c["x"]), T(c["moving_mean"]), T(c["moving_variance"]), T(c["gamma"]),
                          T(c["beta"]), training=False, eps=c["epsilon"])
        check(c["name"] + " y_inference", yi, T(c["y_inference"]), TOL)


def keras_probs_ce(p, onehot):
    p = p / p.sum(-1, keepdim=True)
    return -(onehot * torch.log(torch.clamp(p, 1e-7, 1 - 1e-7))).sum(-1).mean()


def losses():
    print("losses.json")
    for c in load("losses.json"):
        yp = T(c["y_pred"]).requires_grad_()
        yt = T(c["y_true"])
        if c["loss"] in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
            onehot = F.one_hot(yt.long(), yp.shape[-1]).to(D) if c["loss"].startswith("sparse") \
                else yt
            if c["from_logits"]:
                v = -(onehot * torch.log_softmax(yp, -1)).sum(-1).mean()
            else:
                v = keras_probs_ce(yp, onehot)
        elif c["loss"] == "binary_crossentropy":
            if c["from_logits"]:
                v = F.binary_cross_entropy_with_logits(yp, yt)
            else:
                pc = torch.clamp(yp, 1e-7, 1 - 1e-7)
                v = -(yt * torch.log(pc) + (1 - yt) * torch.log(1 - pc)).mean()
        else:
            v = F.mse_loss(yp, yt)
        v.backward()
        check(c["name"] + " value", float(v.detach()), c["value"], TOL)
        check(c["name"] + " grad_y_pred", yp.grad, T(c["grad_y_pred"]), TOL)
        if "logits" in c:
            z = T(c["logits"]).requires_grad_()
            onehot = F.one_hot(yt.long(), z.shape[-1]).to(D) if c["loss"].startswith("sparse") \
                else yt
            keras_probs_ce(torch.softmax(z, -1), onehot).backward()
            check(c["name"] + " grad_logits", z.grad, T(c["grad_logits"]), TOL)


def sgd_nesterov():
    print("sgd_nesterov.json (torch autograd + torch.optim.SGD, or LambdaLR-free Keras rule)")
    for c in load("sgd_nesterov.json"):
        w = {n: T(a) for n, a in c["initial"].items()}
        trainable = [n for n in c["variable_names"] if "moving" not in n]
        for n in trainable:
            w[n].requires_grad_()
        x, y = T(c["x"]), T(c["y"]).long()
        mom, lr0, decay = c["momentum"], c["learning_rate"], c["decay"]
        opt = torch.optim.SGD([w[n] for n in trainable], lr=lr0, momentum=mom, nesterov=True)
        vel = {n: torch.zeros_like(w[n]) for n in trainable}
        m, eps = c["bn_momentum"], c["bn_epsilon"]

        def bn(h, pre):
            mu, var = h.mean(0), h.var(0, unbiased=False)
            with torch.no_grad():
                w[pre + "/moving_mean"].mul_(m).add_((1 - m) * mu)
                w[pre + "/moving_variance"].mul_(m).add_((1 - m) * var)
            return (h - mu) / torch.sqrt(var + eps) * w[pre + "/gamma"] + w[pre + "/beta"]

        for s, step in enumerate(c["steps"]):
            h = bn(x, "bn0")
            h = torch.relu(h @ w["dense0/kernel"] + w["dense0/bias"])
            h = bn(h, "bn1")
            z = h @ w["dense1/kernel"] + w["dense1/bias"]
            loss = keras_probs_ce(torch.softmax(z, -1), F.one_hot(y, 3).to(D))
            if c["l2"]:
                loss = loss + c["l2"] * (w["dense0/kernel"] ** 2).sum()
            opt.zero_grad()
            loss.backward()
            if decay:
                # Keras keeps lr inside the velocity: torch.optim.SGD cannot, write the rule
                lr = lr0 / (1 + decay * s)
                with torch.no_grad():
                    for n in trainable:
                        vel[n] = mom * vel[n] - lr * w[n].grad
                        w[n] += mom * vel[n] - lr * w[n].grad
            else:
                opt.step()
            check(f"{c['name']} step {s + 1} loss", float(loss.detach()), step["loss"], 1e-5)
            err = max(float((w[n].detach() - T(step["weights"][n])).abs().max()) for n in w)
            check(f"{c['name']} step {s + 1} all variables", err, 0.0, 2e-5)


if __name__ == "__main__":
    print(f"torch {torch.__version__}")
    activations()
    dense()
    batch_norm()
    losses()
    sgd_nesterov()
    print(f"{len(failures)} failures" + (": " + ", ".join(failures) if failures else ""))
    sys.exit(1 if failures else 0)
