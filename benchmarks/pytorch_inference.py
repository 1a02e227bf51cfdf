#!/usr/bin/env python3
"""Inference latency of the book's BN model in PyTorch and ONNX Runtime on one thread: what
benchmarks/predictor_bench.cpp is compared with (docs/inference.md).

Model: benchmarks/pytorch_epoch.py's (Flatten 784 -> BN -> Dense 300 relu -> BN -> Dense 100 relu ->
BN -> Dense 10, softmax at the end), in eval mode (batch norm on its moving statistics), weights as
drawn there. Inputs: Fashion-MNIST test images in [0, 1]. One sample: each call timed alone, median and
90th percentile over --calls calls; batches of 256: microseconds per sample over 10 batches.
Runtimes: eager (torch.inference_mode), torch.jit (trace + freeze), torch.compile (inductor; skipped
with its error if it does not work here), ONNX Runtime (the eager model exported with torch.onnx.export,
intra_op_num_threads 1, all graph optimizations). Reported: median of --repeats runs.

Usage: python3 benchmarks/pytorch_inference.py [--repeats 5] [--calls 20000]
Wrap in `flock /tmp/bench.lock` on a shared machine.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_epoch import DATA, make_model, read_idx  # noqa: E402


def one_sample_us(fn, xs, calls):
    t = []
    n = len(xs)
    for i in range(calls):
        x = xs[i % n]
        t0 = time.perf_counter_ns()
        fn(x)
        t.append((time.perf_counter_ns() - t0) / 1e3)
    t.sort()
    return t[len(t) // 2], t[int(0.9 * (len(t) - 1))]


def batch_us(fn, batches):
    t0 = time.perf_counter_ns()
    for b in batches:
        fn(b)
    return (time.perf_counter_ns() - t0) / 1e3 / sum(len(b) for b in batches)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--calls", type=int, default=20000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(42)
    images = read_idx(f"{DATA}/t10k-images-idx3-ubyte.gz")[:2560].astype(np.float32) / 255.0
    model = torch.nn.Sequential(make_model(), torch.nn.Softmax(dim=1)).eval()
    singles_t = [torch.from_numpy(images[i:i + 1].reshape(1, 784)).contiguous() for i in range(len(images))]
    batches_t = [torch.from_numpy(images[i:i + 256].reshape(256, 784)).contiguous() for i in range(0, 2560, 256)]

    runtimes = {}
    with torch.inference_mode():
        runtimes["PyTorch eager"] = model
        traced = torch.jit.freeze(torch.jit.trace(model, singles_t[0]).eval())
        runtimes["torch.jit (trace + freeze)"] = traced
        try:
            compiled = torch.compile(model)
            compiled(singles_t[0])
            compiled(batches_t[0])
            runtimes["torch.compile (inductor)"] = compiled
        except Exception as e:  # noqa: BLE001
            print(f"torch.compile: does not run here ({type(e).__name__}: {str(e).splitlines()[0][:120]})")
    try:
        import onnxruntime as ort
        path = os.path.join(tempfile.mkdtemp(), "seed.onnx")
        torch.onnx.export(model, singles_t[0], path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "n"}, "y": {0: "n"}}, dynamo=False)
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        runtimes["ONNX Runtime " + ort.__version__] = lambda x: sess.run(None, {"x": x})
    except Exception as e:  # noqa: BLE001
        print(f"ONNX Runtime: does not run here ({type(e).__name__}: {e})")

    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}, "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', 'unset')}; median of {args.repeats} runs")
    print(f"{'':34} {'1 sample us':>12} {'p90 us':>8} {'b256 us/sample':>15}")
    results = {}
    for name, fn in runtimes.items():
        onnx = name.startswith("ONNX")
        xs = [t.numpy() for t in singles_t] if onnx else singles_t
        bs = [t.numpy() for t in batches_t] if onnx else batches_t
        med, p90, per = [], [], []
        for _ in range(args.repeats):
            with torch.inference_mode():
                a, b = one_sample_us(fn, xs, args.calls)
                med.append(a)
                p90.append(b)
                per.append(batch_us(fn, bs))
        results[name] = [statistics.median(med), statistics.median(p90), statistics.median(per)]
        print(f"{name:34} {results[name][0]:12.2f} {results[name][1]:8.2f} {results[name][2]:15.2f}", flush=True)
    print(json.dumps({"bench": "pytorch_inference", "torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
