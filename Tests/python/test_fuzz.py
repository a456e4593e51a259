"""Fuzzing the real elman-worker: at least 10,000 generated and mutated messages on a plain pyzmq DEALER.

The messages (Hypothesis, derandomized, so every run sends the same ones) are: well-formed requests of every
method of Protocol/PROTOCOL.md except `shutdown`, with parameters that are plausible or random JSON; batches of
them; random JSON values; byte-level mutations of well-formed requests (bit flips, inserted bytes, truncation,
invalid UTF-8, deep nesting); multi-frame messages; random bytes; and requests whose float arrays travel as binary
frames (PROTOCOL.md, "Binary frames"), as they are or with one fault in their frames or placeholders (a frame
dropped, added or resized, a wrong dtype, shape or index, a member too many or too few, a NaN), and with or without
`binary`.

What must hold:
- every reply is strict JSON with the JSON-RPC 2.0 shape: `jsonrpc` "2.0", an `id`, and `result` xor `error`,
  whose `code` is an integer of the spec's table and is never -32603 (the spec's "a bug in the worker");
- a reply with buffers after its body uses each of them in exactly one placeholder of the body, "<f4" of its shape;
- a request whose frames or placeholders carry a fault gets an error;
- every request object with an id (alone, or in a batch of at most `max_batch`) that the spec obliges the worker to
  read (strict UTF-8 JSON, no duplicate keys, numbers within float64, not deeply nested; see `spec_json`) gets a
  response carrying that same id, and each request the fuzzer numbered itself gets exactly one, a batch's in order;
- the worker never dies, answers `ping` afterwards, and a model trained before is bit-for-bit unchanged.

The fuzz must not legitimately change that model or stop the worker, so a message is withheld (and not counted) when
its bytes name `shutdown`, or name the reference model together with `delete` or `train`: `model.delete` and
`train {model}` of it are the only requests that may change it. Numbers that size work (epochs, hidden_size,
steps, series) are kept small so that the jobs the fuzz starts end within milliseconds.
"""
from __future__ import annotations

import itertools
import json
import math
import struct
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

import zmq
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from conftest import RunningWorker

MESSAGES_PER_EXAMPLE = 21
EXAMPLES = 500
MINIMUM_MESSAGES = 10_000
#: How long the well-formed requests of one example may take to be answered (jobs the fuzz starts are tiny).
ANSWER_TIMEOUT_S = 20.0
REPLY_TIMEOUT_MS = 10_000

ERROR_CODES = {-32700, -32600, -32601, -32602, -32603, *range(-32007, -32000 + 1)}
INTERNAL_ERROR = -32603

#: Every method of the spec but `shutdown` (never sent): (required parameters, optional parameters). The methods
#: that do the most come first, as Hypothesis draws the first ones of a list more often.
METHODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "train": ((), ("model", "hidden_size", "seed", "init_std", "weights", "network", "state_dict", "data", "epochs",
                   "lr", "optimizer", "loss", "clip_grad_norm", "truncation", "report_every", "wait", "validation",
                   "early_stopping", "scaler", "record", "report")),
    "backtest": (("initial", "horizon"), ("model", "hidden_size", "seed", "weights", "network", "data", "epochs",
                                          "optimizer", "truncation", "step", "window", "refit", "wait")),
    "sweep": ((), ("base", "grid", "configs", "keep_models", "losses", "wait")),
    "predict": (("model",), ("data", "inputs", "return")), "generate": (("model", "prime", "steps"), ()),
    "evaluate": (("model", "horizon"), ("data",)), "gradient_flow": (("model",), ("data", "of", "loss")),
    "model.save": (("model", "name"), ()), "model.load": (("name",), ()), "job.wait": (("job",), ("timeout_ms",)),
    "model.get": (("model",), ()), "model.delete": (("model",), ()), "job.status": (("job",), ()),
    "job.cancel": (("job",), ()), "job.list": ((), ()), "model.list": ((), ()), "ping": ((), ()), "info": ((), ()),
}

# -- strategies -------------------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)


def json_with(numbers: st.SearchStrategy) -> st.SearchStrategy:
    """Random JSON values whose numbers come from `numbers`."""
    return st.recursive(
        st.none() | st.booleans() | numbers | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=6)


json_values = json_with(st.integers() | finite)
#: Random JSON that cannot ask for much work: its numbers are at most 30 in size.
small_json = json_with(st.integers(-30, 30) | st.floats(-30, 30))


def plausible_or_junk(plausible: st.SearchStrategy, *, sizes_work: bool = False) -> st.SearchStrategy:
    """Mostly values of the right type and range, sometimes random JSON (tamed when the value sizes work, and
    holding the out-of-range neighbours of the plausible values)."""
    return st.one_of(plausible, plausible, plausible, small_json if sizes_work else json_values)


def small_weights(hidden: int) -> st.SearchStrategy:
    row = st.lists(st.floats(-2, 2, width=32), min_size=hidden, max_size=hidden)
    return st.fixed_dictionaries({"w1": st.lists(row, min_size=hidden + 1, max_size=hidden + 1),
                                  "w2": st.lists(st.lists(st.floats(-2, 2, width=32), min_size=1, max_size=1),
                                                 min_size=hidden, max_size=hidden)})


def seed_state_dict(hidden: int) -> st.SearchStrategy:
    """A state_dict of the seed's network (rnn, no bias) of `hidden` units, PyTorch's names and shapes."""
    value = st.floats(-2, 2, width=32)
    matrix = lambda rows, columns: st.lists(st.lists(value, min_size=columns, max_size=columns),
                                            min_size=rows, max_size=rows)
    return st.fixed_dictionaries({"rnn.weight_ih_l0": matrix(hidden, 1), "rnn.weight_hh_l0": matrix(hidden, hidden),
                                  "head.weight": matrix(1, hidden)})


def rows_of(width: int, min_size: int) -> st.SearchStrategy:
    return st.lists(st.lists(st.floats(-3, 3), min_size=width, max_size=width), min_size=min_size, max_size=20)


short_series = st.lists(st.floats(-3, 3), min_size=2, max_size=30)
#: Numbers, or rows of one to three columns.
series_or_rows = st.one_of(short_series, st.integers(1, 3).flatmap(lambda width: rows_of(width, 2)))
#: Rows, sometimes ragged (each row of its own width).
ragged_rows = st.lists(st.lists(st.floats(-3, 3), min_size=1, max_size=3), min_size=2, max_size=10)


@st.composite
def general_data(draw: st.DrawFn) -> dict[str, Any]:
    """series or sequences of one to three columns, sometimes with targets (in range, or not, or repeated)."""
    width, length = draw(st.integers(1, 3)), draw(st.integers(2, 12))
    sequence = rows_of(width, length).filter(lambda rows: len(rows) == length) | st.just([[0.5] * width] * length)
    if draw(st.booleans()):
        data: dict[str, Any] = {"series": draw(sequence)}
    else:
        data = {"sequences": draw(st.lists(sequence | ragged_rows, min_size=1, max_size=3))}
    if draw(st.booleans()):
        data["targets"] = draw(st.lists(st.integers(-1, width), min_size=0, max_size=3))
    return data


data_values = st.one_of(
    st.fixed_dictionaries({}, optional={"start": st.floats(-10, 10), "stop": st.floats(-10, 10),
                                        "points": st.integers(2, 30)}).map(lambda sine: {"sine": sine}),
    short_series.map(lambda series: {"series": series}),
    general_data())
networks = st.fixed_dictionaries(
    {"cell": st.sampled_from(["rnn", "lstm", "gru"]), "hidden_size": st.integers(1, 6)},
    optional={"num_layers": st.integers(1, 3), "bias": st.booleans(),
              "nonlinearity": st.sampled_from(["tanh", "relu"])})
optimizers = st.one_of(
    st.fixed_dictionaries({"name": st.just("sgd")}, optional={
        "lr": st.floats(1e-4, 1), "momentum": st.floats(0, 0.99), "nesterov": st.booleans(),
        "weight_decay": st.floats(0, 0.1)}),
    st.fixed_dictionaries({"name": st.sampled_from(["adam", "adamw"])}, optional={
        "lr": st.floats(1e-4, 0.1), "betas": st.lists(st.floats(0, 0.999), min_size=2, max_size=2),
        "eps": st.floats(1e-10, 1e-3), "weight_decay": st.floats(0, 0.1)}))

#: Held-out data: a fraction (in range or around its ends) or data of any form.
validations = st.one_of(
    st.fixed_dictionaries({"fraction": st.sampled_from([0.0, 1e-9, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0, -0.5, 2.0])}),
    data_values)
early_stoppings = st.fixed_dictionaries({"patience": st.integers(0, 5)}, optional={
    "min_delta": st.floats(-1, 1), "restore_best": st.booleans()})

def names_among(*names: str) -> st.SearchStrategy[list[str]]:
    """Lists of up to three names (the last one of `names` unknown to the worker), sometimes repeated."""
    return st.lists(st.sampled_from(names), max_size=3)


PARAM_VALUES: dict[str, st.SearchStrategy] = {
    "model": plausible_or_junk((st.integers(1, 40) | st.integers(41, 600)).map(lambda n: f"m{n}")),
    "job": plausible_or_junk((st.integers(1, 40) | st.integers(41, 600)).map(lambda n: f"j{n}")),
    "name": plausible_or_junk(st.sampled_from(["a", "b", "fuzz-1", "x.y", "../a", ".a", "a.tmp", "", "é"])),
    "hidden_size": plausible_or_junk(st.integers(1, 12), sizes_work=True),
    "seed": plausible_or_junk(st.integers(0, 2**53 - 1)),
    "init_std": plausible_or_junk(st.fixed_dictionaries({"w1": finite, "w2": finite})),
    "weights": plausible_or_junk(st.integers(1, 3).flatmap(small_weights)),
    "network": plausible_or_junk(networks, sizes_work=True),
    "state_dict": plausible_or_junk(st.integers(1, 3).flatmap(seed_state_dict)),
    "optimizer": plausible_or_junk(optimizers),
    "loss": plausible_or_junk(st.sampled_from(["sse/2", "mse"])),
    "clip_grad_norm": plausible_or_junk(st.floats(1e-3, 10)),
    "data": plausible_or_junk(data_values, sizes_work=True),
    "epochs": plausible_or_junk(st.integers(0, 30), sizes_work=True),
    "lr": plausible_or_junk(finite),
    "truncation": plausible_or_junk(st.integers(1, 40)),
    "report_every": plausible_or_junk(st.integers(1, 40), sizes_work=True),
    "wait": plausible_or_junk(st.booleans()),
    "validation": plausible_or_junk(validations, sizes_work=True),
    "early_stopping": plausible_or_junk(early_stoppings, sizes_work=True),
    "scaler": plausible_or_junk(st.sampled_from(["standard", "minmax", "robust"])),
    "timeout_ms": plausible_or_junk(st.integers(0, 100), sizes_work=True),
    "inputs": plausible_or_junk(series_or_rows, sizes_work=True),
    "prime": plausible_or_junk(series_or_rows, sizes_work=True),
    "steps": plausible_or_junk(st.integers(0, 200), sizes_work=True),
    "horizon": plausible_or_junk(st.integers(1, 12), sizes_work=True),
    "initial": plausible_or_junk(st.integers(2, 20), sizes_work=True),
    "step": plausible_or_junk(st.integers(1, 5), sizes_work=True),
    "window": plausible_or_junk(st.sampled_from(["expanding", "sliding"])),
    "refit": plausible_or_junk(st.booleans()),
    "record": plausible_or_junk(names_among("grad_norm", "spectral_radius", "loss")),
    "report": plausible_or_junk(names_among("predictions", "weights", "hidden")),
    "return": plausible_or_junk(names_among("hidden", "cell", "weights")),
    "of": plausible_or_junk(st.sampled_from(["loss", "output", "input"])),
}

#: What a sweep's runs may set: every train param but `model` and `wait`, which a sweep refuses inside its runs.
RUN_PARAMS = tuple(name for name in METHODS["train"][1] if name not in ("model", "wait"))


def run_params(max_size: int) -> st.SearchStrategy:
    """Partial train params, as a sweep's `base` and `configs` take them."""
    return st.lists(st.sampled_from(RUN_PARAMS), unique=True, max_size=max_size).flatmap(
        lambda names: st.fixed_dictionaries({name: PARAM_VALUES[name] for name in names}))


def sweep_grid() -> st.SearchStrategy:
    """Up to two swept members of up to three values each (sometimes none: refused), so with up to three configs a
    fuzzed sweep has at most 27 runs, each as small as a fuzzed train."""
    return st.lists(st.sampled_from(RUN_PARAMS), unique=True, max_size=2).flatmap(
        lambda names: st.fixed_dictionaries({name: st.lists(PARAM_VALUES[name], max_size=3) for name in names}))


PARAM_VALUES |= {
    "base": plausible_or_junk(run_params(3), sizes_work=True),
    "grid": plausible_or_junk(sweep_grid(), sizes_work=True),
    "configs": plausible_or_junk(st.lists(run_params(2), max_size=3), sizes_work=True),
    "keep_models": plausible_or_junk(st.booleans()),
    "losses": plausible_or_junk(st.booleans()),
}

def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws (Hypothesis favours the ends of a range, so the middle value is the rare one)."""
    return st.integers(0, n - 1).map(lambda k: k == n // 2)


@st.composite
def params_of(draw: st.DrawFn, method: str) -> dict[str, Any] | None:
    """The method's required parameters (now and then one missing), some optional ones, now and then an unknown
    one; or no params at all when that leaves none."""
    required, optional = METHODS[method]
    names = [name for name in required if not draw(one_in(10))]
    if optional:
        names += draw(st.lists(st.sampled_from(optional), unique=True, max_size=4))
    params = {name: draw(PARAM_VALUES[name]) for name in names}
    if draw(one_in(10)):
        params[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return params if params or draw(st.booleans()) else None


@dataclass(frozen=True)
class Call:
    """A well-formed request (or notification, without id) before the sender gives it an id."""

    method: str
    params: dict[str, Any] | None
    notification: bool

    def body(self, request_id: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"jsonrpc": "2.0", "method": self.method}
        if not self.notification:
            body["id"] = request_id
        if self.params is not None:
            body["params"] = self.params
        return body


@st.composite
def calls(draw: st.DrawFn) -> Call:
    """A request of any method, about one in ten of them a notification."""
    method = draw(st.sampled_from(list(METHODS)))
    return Call(method, draw(params_of(method)), notification=draw(one_in(10)))


@dataclass(frozen=True)
class Single:
    """One request; with `req_envelope`, sent as a REQ peer would: an empty delimiter frame before the body."""

    call: Call
    req_envelope: bool


@dataclass(frozen=True)
class Batch:
    """A JSON array of requests and notifications."""

    calls: tuple[Call, ...]


@dataclass(frozen=True)
class Raw:
    """Frames sent as they are: random JSON, mutated requests, multi-frame messages, random bytes."""

    frames: tuple[bytes, ...]


@dataclass(frozen=True)
class Framed:
    """A request whose float arrays became placeholders for the buffers sent after its body; `fault` names the one
    mutation of frames or placeholders it carries ("" for none), which must earn it an error."""

    call: Call
    buffers: tuple[bytes, ...]
    fault: str


def is_float_array(value: Any) -> bool:
    """A non-empty list of numbers, or of equally long non-empty lists of numbers: what a placeholder can carry."""
    def numbers(row: Any) -> bool:
        return isinstance(row, list) and bool(row) and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in row)
    return numbers(value) or (isinstance(value, list) and bool(value) and all(numbers(row) for row in value)
                              and len({len(row) for row in value}) == 1)


FLOAT32_MAX = 3.4028234663852886e38


def to_placeholders(value: Any, buffers: list[bytes], dtypes: Iterator[str]) -> Any:
    """`value` with each float array replaced by a placeholder, its values appended to `buffers` as the next dtype
    ("<f8" for values beyond float32's range)."""
    if is_float_array(value):
        shape = [len(value)] + ([len(value[0])] if isinstance(value[0], list) else [])
        flat = [float(x) for row in value for x in (row if isinstance(row, list) else [row])]
        dtype = next(dtypes) if all(abs(x) <= FLOAT32_MAX for x in flat) else "<f8"
        buffers.append(struct.pack(f"<{len(flat)}{'f' if dtype == '<f4' else 'd'}", *flat))
        return {"$buffer": len(buffers) - 1, "dtype": dtype, "shape": shape}
    if isinstance(value, dict):
        return {key: to_placeholders(member, buffers, dtypes) for key, member in value.items()}
    if isinstance(value, list):
        return [to_placeholders(element, buffers, dtypes) for element in value]
    return value


def placeholders_in(value: Any) -> list[dict]:
    """Every placeholder object inside `value`, in document order."""
    if isinstance(value, dict):
        if "$buffer" in value:
            return [value]
        return [found for member in value.values() for found in placeholders_in(member)]
    if isinstance(value, list):
        return [found for element in value for found in placeholders_in(element)]
    return []


FRAME_FAULTS = ["drop", "add", "resize", "dtype", "shape", "index", "reuse", "extra", "missing", "nan"]


@st.composite
def framed(draw: st.DrawFn) -> Framed:
    """A request of a method that takes float arrays, its arrays as "<f4" or "<f8" buffers, about half of them with
    one fault; now and then with `binary`."""
    method = draw(st.sampled_from(["predict", "generate", "train", "evaluate", "backtest", "sweep", "gradient_flow"]))
    call = draw(calls().filter(lambda call: call.method == method))
    params = dict(call.params or {})
    if draw(one_in(4)):
        params["binary"] = draw(st.booleans() | json_values)
    buffers: list[bytes] = []
    dtypes = iter(draw(st.lists(st.sampled_from(["<f4", "<f8"]), min_size=64, max_size=64)))
    params = to_placeholders(params, buffers, dtypes)
    found = placeholders_in(params)
    fault = draw(st.sampled_from(FRAME_FAULTS)) if found and draw(st.booleans()) else ""
    if fault in ("dtype", "shape", "index", "reuse", "extra", "missing", "nan"):
        target = draw(st.sampled_from(found))
        if fault == "dtype":
            target["dtype"] = draw(st.sampled_from(["<i4", "<f2", ">f4", "float32", 4, None]))
        elif fault == "shape":
            target["shape"] = draw(st.sampled_from([[], [-1], [2.5], "3", None, target["shape"] + [2],
                                                    [target["shape"][0] + 1] + target["shape"][1:]]))
        elif fault == "index":
            target["$buffer"] = draw(st.sampled_from([len(buffers), -1, 0.5, "0", None, 2**60]))
        elif fault == "reuse":
            others = [placeholder["$buffer"] for placeholder in found if placeholder is not target]
            target["$buffer"] = draw(st.sampled_from(others or [len(buffers)]))
        elif fault == "extra":
            target[draw(st.sampled_from(["order", "strides", "$buffers", "Dtype"]))] = 0
        elif fault == "missing":
            del target[draw(st.sampled_from(["$buffer", "dtype", "shape"]))]
        else:
            size = 4 if target["dtype"] == "<f4" else 8
            buffer = bytearray(buffers[target["$buffer"]])
            at = draw(st.integers(0, len(buffer) // size - 1)) * size
            buffer[at:at + size] = struct.pack("<f" if size == 4 else "<d", math.nan)
            buffers[target["$buffer"]] = bytes(buffer)
    elif fault == "drop":
        del buffers[draw(st.integers(0, len(buffers) - 1))]
    elif fault == "add":
        buffers.insert(draw(st.integers(0, len(buffers))), draw(st.binary(max_size=12)))
    elif fault == "resize":
        index = draw(st.integers(0, len(buffers) - 1))
        cut = draw(st.sampled_from([-1, -4, 1, 4]))
        buffers[index] = buffers[index][:cut] if cut < 0 else buffers[index] + b"\x00" * cut
    return Framed(Call(method, params, call.notification), tuple(buffers), fault)


def encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A well-formed request's bytes after one mutation: a bit flip, inserted or deleted bytes, truncation, invalid
    UTF-8, or a deeply nested member. Its id, "mutant", is unlike the ids the fuzzer gives its own requests."""
    data = bytearray(encode(draw(calls()).body("mutant")))
    at = draw(st.integers(0, len(data) - 1))
    kind = draw(st.sampled_from(["flip", "insert", "truncate", "utf8", "nest", "delete"]))
    if kind == "flip":
        data[at] ^= 1 << draw(st.integers(0, 7))
    elif kind == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=8))
    elif kind == "truncate":
        del data[at:]
    elif kind == "utf8":
        data[at:at] = draw(st.sampled_from(INVALID_UTF8))
    elif kind == "delete":
        del data[at:at + draw(st.integers(1, 8))]
    else:
        depth = draw(st.sampled_from([63, 64, 65, 66, 1000, 100_000]))
        nest = b"[" * depth + b"]" * depth
        data = bytearray(data.replace(b'"jsonrpc"', b'"deep":' + nest + b',"jsonrpc"', 1))
    return bytes(data)


#: Ids at the edges: the neighbours of 2**53, the ends of 64-bit integers, far beyond (all refused with -32600, as
#: PROTOCOL.md says), fractions, -0 (carried back unchanged).
EDGE_IDS = [2**53, 2**53 + 1, -(2**53 + 1), 2**63 - 1, -(2**63), 2**64 + 1, 10**30 + 7, 0.1, -0.0, 1.5e300, 5e-324]

#: Objects with some of the members of a request, each of them right or random; ids of every JSON type.
rpc_shaped = st.fixed_dictionaries({}, optional={
    "jsonrpc": st.just("2.0") | json_values,
    "id": st.integers() | finite | st.text(max_size=8) | st.sampled_from(EDGE_IDS) | json_values,
    "method": st.sampled_from(list(METHODS)) | json_values,
    "params": st.dictionaries(st.sampled_from(["model", "job", "name", "epochs"]) | st.text(max_size=8),
                              json_values, max_size=3) | json_values})
deeply_nested = st.sampled_from([63, 64, 65, 500, 200_000]).flatmap(
    lambda depth: st.sampled_from([b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth,
                                   b"[" * depth]))
multi_frame = st.lists(st.one_of(st.binary(max_size=16), calls().map(lambda call: encode(call.body(0)))),
                       min_size=2, max_size=4)

#: The kinds of message, those listed twice drawn twice as often.
messages = st.one_of(
    st.builds(Single, calls(), one_in(10)),
    st.builds(Single, calls(), st.just(False)),
    st.lists(calls(), min_size=1, max_size=6).map(lambda batch: Batch(tuple(batch))),
    json_values.map(lambda value: Raw((encode(value),))),
    rpc_shaped.map(lambda value: Raw((encode(value),))),
    mutated().map(lambda data: Raw((data,))),
    mutated().map(lambda data: Raw((data,))),
    deeply_nested.map(lambda data: Raw((data,))),
    multi_frame.map(lambda frames: Raw(tuple(frames))),
    st.binary(max_size=64).map(lambda data: Raw((data,))),
    framed(),
    framed(),
)

# -- checking replies ---------------------------------------------------------------------------------------------


def strict_json(data: bytes) -> Any:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def response_problem(response: Any) -> str | None:
    """What is wrong with one JSON-RPC 2.0 response object, or None."""
    if not isinstance(response, dict) or response.get("jsonrpc") != "2.0" or "id" not in response:
        return "not a JSON-RPC 2.0 response object"
    if set(response) not in ({"jsonrpc", "id", "result"}, {"jsonrpc", "id", "error"}):
        return f"members {sorted(response)} are not jsonrpc, id and exactly one of result/error"
    if isinstance(response["id"], (dict, list, bool)):
        return "an id that is not a string, number or null"
    if "error" in response:
        error = response["error"]
        if not isinstance(error, dict) or not set(error) <= {"code", "message", "data"}:
            return "an error that is not {code, message, data?}"
        if type(error.get("code")) is not int or error["code"] not in ERROR_CODES:
            return f"error code {error.get('code')!r} is not in the spec's table"
        if not isinstance(error.get("message"), str):
            return "an error message that is not a string"
    return None


def is_withheld(frames: tuple[bytes, ...], reference_model: str) -> bool:
    """Whether a message could legitimately stop the worker or change the reference model (see the docstring)."""
    data = b"\x00".join(frames)
    names_reference = f'"{reference_model}"'.encode() in data
    return b"shutdown" in data or (names_reference and (b"delete" in data or b"train" in data))


#: Nesting the worker must accept: below `limits.max_depth` (64) with a margin, as the spec does not say whether
#: the outermost value counts as level 0 or 1.
SURELY_SHALLOW = 60
MAX_BATCH = 128


class Unchecked(ValueError):
    """A message whose reply the spec does not pin down by id (not strict JSON, too deep, ...)."""


def spec_json(data: bytes) -> Any:
    """The message as JSON, when the spec obliges the worker to read it: UTF-8, RFC 8259 JSON without duplicate
    keys, every number within float64, no lone surrogate, no deeper than SURELY_SHALLOW. Raises Unchecked."""
    def refuse(constant: str) -> None:
        raise Unchecked(constant)

    def unique(pairs: list[tuple[str, Any]]) -> dict:
        if len({key for key, _ in pairs}) < len(pairs):
            raise Unchecked("duplicate key")
        return dict(pairs)

    def real(text: str) -> float:
        if math.isinf(value := float(text)):
            raise Unchecked("number out of range")
        return value

    def integer(text: str) -> int:
        if abs(value := int(text)) > sys.float_info.max:
            raise Unchecked("number out of range")
        return value

    try:
        value = json.loads(data.decode("utf-8"), parse_constant=refuse, object_pairs_hook=unique,
                           parse_float=real, parse_int=integer)
    except (ValueError, RecursionError) as error:
        raise Unchecked(str(error)) from None
    check_plain(value, 1)
    return value


def check_plain(value: Any, depth: int) -> None:
    """Raises Unchecked when `value` (at nesting `depth`) is deeper than SURELY_SHALLOW or holds a lone surrogate."""
    if depth > SURELY_SHALLOW:
        raise Unchecked("deep")
    if isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise Unchecked("lone surrogate")
    if isinstance(value, dict):
        for key, child in value.items():
            check_plain(key, depth)
            check_plain(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            check_plain(child, depth + 1)


#: PROTOCOL.md: a numeric id beyond ±(2**53 - 1) is an invalid request (float64 could not echo it exactly).
LARGEST_NUMERIC_ID = 2**53 - 1


def is_id(value: Any) -> bool:
    """A JSON-RPC id that names a request: a string or a number within ±(2**53 - 1) (null names none)."""
    if isinstance(value, str):
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= LARGEST_NUMERIC_ID


def body_frame(frames: tuple[bytes, ...] | list[bytes]) -> int:
    """Where a message's body is: after an empty REQ delimiter when one comes first and more frames follow; the
    frames after the body are buffers."""
    return 1 if len(frames) >= 2 and frames[0] == b"" else 0


def owed_ids(frames: tuple[bytes, ...]) -> list[Any]:
    """The ids a message must be answered with: the `id` of a request object, or of each object of a batch of at
    most MAX_BATCH elements, in its body frame (whatever buffers follow it)."""
    try:
        message = spec_json(frames[body_frame(frames)])
    except Unchecked:
        return []
    elements = [message] if isinstance(message, dict) else message if isinstance(message, list) else []
    if len(elements) > MAX_BATCH:
        return []
    return [element["id"] for element in elements if isinstance(element, dict) and is_id(element.get("id"))]


@dataclass
class Fuzzer:
    """Sends messages on one DEALER and checks every reply.

    `owed` counts the responses still owed per id (ids of random messages may repeat); the ids the fuzzer makes
    itself are unique, so for them a second response is an error too.
    """

    socket: zmq.Socket
    reference_model: str
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    owed: Counter = field(default_factory=Counter)
    requests: dict[Any, str] = field(default_factory=dict)
    made: set[Any] = field(default_factory=set)
    must_fail: set[Any] = field(default_factory=set)
    answered: set[Any] = field(default_factory=set)
    checked: int = 0
    sent: int = 0
    withheld: int = 0
    replies: int = 0
    internal_errors: list[str] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)

    def next_id(self) -> Any:
        """Ids of the fuzzer's own requests: alternately large integers and "req-N" strings, unlike random ids."""
        n = next(self.ids)
        request_id = 7_000_000_000 + n if n % 2 else f"req-{n}"
        self.made.add(request_id)
        return request_id

    def frames_of(self, message: Single | Batch | Raw | Framed) -> tuple[bytes, ...]:
        if isinstance(message, Raw):
            return message.frames
        if isinstance(message, Framed):
            body = message.call.body(self.next_id())
            if message.fault and "id" in body:
                self.must_fail.add(body["id"])
            return (encode(body),) + message.buffers
        batch = message.calls if isinstance(message, Batch) else (message.call,)
        bodies = [call.body(self.next_id()) for call in batch]
        body = encode(bodies if isinstance(message, Batch) else bodies[0])
        return (b"", body) if isinstance(message, Single) and message.req_envelope else (body,)

    def send(self, message: Single | Batch | Raw | Framed) -> None:
        frames = self.frames_of(message)
        if is_withheld(frames, self.reference_model):
            self.withheld += 1
            return
        self.post(frames)
        self.sent += 1

    def post(self, frames: tuple[bytes, ...]) -> None:
        for request_id in owed_ids(frames):
            self.owed[request_id] += 1
            self.requests[request_id] = frames[body_frame(frames)][:300].decode(errors="replace")
        self.socket.send_multipart(list(frames))

    def settle(self) -> None:
        """Pings with a sentinel id and reads replies until the sentinel and every owed response have come."""
        self.post(self.frames_of(Single(Call("ping", None, notification=False), req_envelope=False)))
        deadline = time.monotonic() + ANSWER_TIMEOUT_S
        while +self.owed:
            left = deadline - time.monotonic()
            assert left > 0 and self.socket.poll(left * 1000), (
                f"no response within {ANSWER_TIMEOUT_S} s to: {[self.requests[i] for i in +self.owed][:3]}")
            self.receive(self.socket.recv_multipart())

    def receive(self, frames: list[bytes]) -> None:
        self.replies += 1
        body = body_frame(frames)
        reply = strict_json(frames[body])
        check_buffers(reply, frames[body + 1:])
        responses = reply if isinstance(reply, list) else [reply]
        assert responses, "an empty reply array"
        for response in responses:
            problem = response_problem(response)
            assert problem is None, f"{problem}: {response!r}"
            self.outcomes["result" if "result" in response else response["error"]["code"]] += 1
            request_id = response["id"]
            if request_id in self.made:
                assert request_id not in self.answered, f"a second response to id {request_id!r}: {response!r}"
                self.answered.add(request_id)
            self.check_not_altered(request_id)
            if request_id in self.must_fail:
                assert "error" in response, f"a fault in frames or placeholders got a result: {response!r}"
            if self.owed[request_id] > 0:
                self.owed[request_id] -= 1
                self.checked += 1
                if "error" in response and response["error"]["code"] == INTERNAL_ERROR:
                    self.internal_errors.append(f"{self.requests[request_id]} -> {response['error']}")
        made = [response["id"] for response in responses if response["id"] in self.made]
        assert made == sorted(made, key=_id_order), f"batch replies out of order: {reply}"


    def check_not_altered(self, request_id: Any) -> None:
        """Fails at once when a response's id is owed nothing but equals an owed number once rounded to float64:
        the worker changed the id it was sent."""
        if self.owed[request_id] == 0 and is_id(request_id) and not isinstance(request_id, str):
            altered = [owed for owed in +self.owed if is_id(owed) and not isinstance(owed, str)
                       and float(owed) == float(request_id)]
            assert not altered, f"the response id {request_id!r} is not the request id {altered[0]!r}"


def check_buffers(reply: Any, buffers: list[bytes]) -> None:
    """A reply's buffers: each used by exactly one placeholder of the body, "<f4" of exactly its shape's size."""
    found = placeholders_in(reply)
    assert sorted(p.get("$buffer", -1) for p in found) == list(range(len(buffers))), f"placeholders {found}"
    for placeholder in found:
        assert set(placeholder) == {"$buffer", "dtype", "shape"} and placeholder["dtype"] == "<f4", placeholder
        assert len(buffers[placeholder["$buffer"]]) == 4 * math.prod(placeholder["shape"]), placeholder


def _id_order(request_id: Any) -> int:
    return request_id - 7_000_000_000 if isinstance(request_id, int) else int(request_id.split("-")[1])


# -- the tests ----------------------------------------------------------------------------------------------------


def call(socket: zmq.Socket, method: str, params: dict | None = None) -> dict:
    """One request and its response on a quiet socket."""
    socket.send(encode({"jsonrpc": "2.0", "id": 0, "method": method, "params": params or {}}))
    assert socket.poll(ANSWER_TIMEOUT_S * 1000), f"no reply to {method}"
    return strict_json(socket.recv())


def test_ten_thousand_fuzzed_messages_leave_the_worker_serving_and_a_model_unchanged(
        start_worker: Callable[..., RunningWorker]) -> None:
    worker = start_worker()
    context = zmq.Context()
    try:
        socket = context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        socket.connect(worker.endpoint)
        trained = call(socket, "train", {"seed": 7, "epochs": 50, "wait": True})["result"]
        assert trained["state"] == "done"
        before = call(socket, "model.get", {"model": trained["model"]})["result"]
        fuzzer = Fuzzer(socket, trained["model"])

        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(st.lists(messages, min_size=MESSAGES_PER_EXAMPLE, max_size=MESSAGES_PER_EXAMPLE))
        def throw(batch: list[Single | Batch | Raw]) -> None:
            for message in batch:
                fuzzer.send(message)
            fuzzer.settle()
            assert worker.process.poll() is None, f"the worker exited with {worker.process.returncode}"

        started = time.monotonic()
        throw()
        seconds = time.monotonic() - started
        print(f"\nfuzz: {fuzzer.sent} messages sent ({fuzzer.withheld} withheld), {fuzzer.replies} replies, "
              f"{fuzzer.checked} responses checked by id, {seconds:.1f} s; outcomes {dict(fuzzer.outcomes)}")

        assert worker.process.poll() is None, worker.log.read_text()
        assert call(socket, "ping")["result"] == {"pong": True}
        after = call(socket, "model.get", {"model": trained["model"]})["result"]
        assert after == before, "the reference model changed during the fuzz"
        assert fuzzer.sent >= MINIMUM_MESSAGES
        assert not fuzzer.internal_errors, "internal errors:\n" + "\n".join(fuzzer.internal_errors[:10])
    finally:
        context.destroy(linger=0)


def test_a_response_carries_back_the_request_id_unchanged(start_worker: Callable[..., RunningWorker]) -> None:
    """JSON-RPC 2.0: the id of a response MUST be the same as the value of the id member in the request."""
    worker = start_worker(models=False)
    context = zmq.Context()
    try:
        socket = context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        socket.connect(worker.endpoint)
        changed = {}
        for request_id in EDGE_IDS + [0, -1, "", "é", "7"]:
            socket.send(encode({"jsonrpc": "2.0", "id": request_id, "method": "ping"}))
            assert socket.poll(REPLY_TIMEOUT_MS), f"no reply to id {request_id!r}"
            reply = strict_json(socket.recv())
            if not is_id(request_id):
                assert reply["id"] is None and reply["error"]["code"] == -32600, f"id {request_id!r}: {reply}"
                continue
            echoed = reply["id"]
            if echoed != request_id or isinstance(echoed, str) != isinstance(request_id, str):
                changed[request_id] = echoed
        assert not changed, f"ids changed (sent: received): {changed}"
    finally:
        context.destroy(linger=0)
