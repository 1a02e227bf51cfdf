"""Writes progress_bar_keras.json: scripted fits printed by Keras 3.15's own Progbar, for
test_progress_bar.cpp to compare ctnet's progress_bar with, byte for byte.

Run by hand with Keras installed (the tests only read the JSON):
    KERAS_BACKEND=jax python generate_progress_bar_cases.py > progress_bar_keras.json

Each case is a fit: epochs, steps, and for each epoch the steps' (time, loss, accuracy) and the
epoch's end (time, logs in ctnet's order). Times are integer microseconds since the fit began
(the clocks of both sides then agree exactly). ProgbarLogger is replayed as fit drives it
(keras/src/callbacks/progbar_logger.py): a new Progbar(target=steps, verbose, stateless_metrics=
set()) at each epoch's begin, "Epoch i/n" when epochs > 1, update(step, logs) after each step for
verbose 1 and update(steps, epoch logs, finalize=True) at the end. Keras's logs are sorted by key
(pythonify_logs); what callbacks add (learning_rate) comes last. Its time.time is replaced by the
script's clock; its stdout is captured as bytes.
"""
import io
import json
import math
import sys

from keras.src.utils import progbar as progbar_module

BASE = 1.0e6  # Keras's first line relies on time.time() being far from its _last_update = 0
clock = [BASE]


class fake_time:
    @staticmethod
    def time():
        return clock[0]


progbar_module.time = fake_time


def keras_logs(logs):
    """Keras's order for fit's logs: the train keys sorted, the val_ keys sorted, then the rest."""
    train = sorted((k, v) for k, v in logs if k in ("accuracy", "loss"))
    val = sorted((k, v) for k, v in logs if k.startswith("val_"))
    rest = [(k, v) for k, v in logs if k not in ("accuracy", "loss") and not k.startswith("val_")]
    return train + val + rest


def replay(case, verbose):
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        for e, epoch in enumerate(case["epoch_list"]):
            clock[0] = BASE + epoch["begin_us"] / 1e6
            bar = progbar_module.Progbar(target=case["steps"], verbose=verbose, unit_name="step",
                                         stateless_metrics=set())
            if verbose and case["epochs"] > 1:
                print(f"Epoch {e + 1}/{case['epochs']}")
            for i, (t, loss, acc) in enumerate(epoch["step_list"]):
                clock[0] = BASE + t / 1e6
                if verbose == 1:
                    values = [("loss", loss)] if acc is None else [("accuracy", acc), ("loss", loss)]
                    bar.update(i + 1, values, finalize=False)
            clock[0] = BASE + epoch["end_us"] / 1e6
            bar.update(case["steps"], keras_logs(epoch["logs"]), finalize=True)
    finally:
        sys.stdout = saved
    return out.getvalue()


nan = float("nan")
cases = [
    {   # the run in docs/history.md: 3 steps, the first one slow (compilation in Keras)
        "name": "three_steps_two_epochs",
        "epochs": 2, "steps": 3,
        "epoch_list": [
            {"begin_us": 0, "step_list": [[1600123, 0.6884, 0.59375], [1610456, 0.69, 0.5625], [1681222, 0.7028, 0.525]],
             "end_us": 2101333, "logs": [["loss", 0.7028], ["accuracy", 0.525], ["val_loss", 0.7134], ["val_accuracy", 0.5]]},
            {"begin_us": 2200000, "step_list": [[2201051, 0.6482, 0.65625], [2202101, 0.67, 0.6], [2203313, 0.7019, 0.525]],
             "end_us": 2209777, "logs": [["loss", 0.7019], ["accuracy", 0.525], ["val_loss", 0.7108], ["val_accuracy", 0.5]]},
        ],
    },
    {   # ETA in hours, then minutes, then seconds (the line shrinks: padding), us/step,
        # %.4e for small values, nan, a callback's learning_rate last
        "name": "long_epoch_etas_and_formats",
        "epochs": 1, "steps": 50,
        "epoch_list": [
            {"begin_us": 0,
             "step_list": [[100000000 + 2000000 * i, 0.5 / (i + 1), 0.0005 * i] for i in range(0, 49)] +
                          [[200000000, 0.0001, 0.00099]],
             "end_us": 200000321,
             "logs": [["loss", 0.0001], ["accuracy", 0.00099], ["val_loss", nan], ["val_accuracy", 0.0],
                      ["learning_rate", 0.0009765625]]},
        ],
    },
    {   # a loss without accuracy (mean squared error), 1 step per epoch, sub-millisecond steps
        "name": "one_step_mse",
        "epochs": 3, "steps": 1,
        "epoch_list": [
            {"begin_us": 1000000 * e, "step_list": [[1000000 * e + 321, 3.25 - e, None]],
             "end_us": 1000000 * e + 654, "logs": [["loss", 3.25 - e], ["val_loss", -0.002]]}
            for e in range(3)
        ],
    },
    {   # one epoch of 1000 steps of 1.234 ms: a line each 0.05 s, the count padded to 4 digits
        "name": "thousand_steps",
        "epochs": 1, "steps": 1000,
        "epoch_list": [
            {"begin_us": 0, "step_list": [[1234 * (i + 1) + 17, 1.0 / (i + 1), 0.001 * i] for i in range(1000)],
             "end_us": 1234017 + 4321, "logs": [["loss", 0.001], ["accuracy", 0.999]]},
        ],
    },
]

for case in cases:
    case["expected"] = {str(v): replay(case, v) for v in (0, 1, 2)}

text = json.dumps(cases, indent=1, allow_nan=True)
print(text.replace("NaN", '"nan"'))  # JSON has no NaN: the C++ side reads "nan" as NaN
