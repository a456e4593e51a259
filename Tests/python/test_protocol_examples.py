"""Replays every Protocol/examples/*.json against the real elman-worker over a plain pyzmq DEALER socket.

The format is described in Protocol/examples/README.md: the steps of one example run in order against one fresh
worker; each reply must equal the expected response, numbers within an absolute 1e-5, members listed in `ignore`
only present.
"""
from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest
import zmq

if TYPE_CHECKING:
    from conftest import RunningWorker

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "Protocol" / "examples").glob("*.json"))
TOLERANCE = 1e-5
REPLY_TIMEOUT_MS = 60_000
SILENCE_MS = 300
EXIT_TIMEOUT_S = 10.0


def buffer_bytes(buffer: dict) -> bytes:
    """A buffer of an example: {"dtype": "<f4" | "<f8", "values": [numbers]} as little-endian bytes, or {"hex"}."""
    if "hex" in buffer:
        return bytes.fromhex(buffer["hex"])
    code = {"<f4": "f", "<f8": "d"}[buffer["dtype"]]
    return struct.pack(f"<{len(buffer['values'])}{code}", *buffer["values"])


def request_frames(step: dict) -> list[bytes]:
    """The frames a step sends: exactly one of request, request_text, request_hex, request_frames, then the
    step's buffers."""
    forms = [key for key in ("request", "request_text", "request_hex", "request_frames") if key in step]
    assert len(forms) == 1, f"a step needs exactly one request form, has {forms}"
    buffers = [buffer_bytes(buffer) for buffer in step.get("buffers", [])]
    if "request" in step:
        return [json.dumps(step["request"]).encode()] + buffers
    if "request_text" in step:
        return [step["request_text"].encode()] + buffers
    if "request_hex" in step:
        return [bytes.fromhex(step["request_hex"])] + buffers
    return [frame.encode() for frame in step["request_frames"]] + buffers


def buffer_mismatches(expected: list[dict], frames: list[bytes]) -> list[str]:
    """Where a reply's buffers differ from the step's response_buffers: each "<f4", as many values, each within
    TOLERANCE."""
    if len(expected) != len(frames):
        return [f"expected {len(expected)} buffers, got {len(frames)}"]
    problems = []
    for index, (want, got) in enumerate(zip(expected, frames)):
        if len(got) != 4 * len(want["values"]):
            problems.append(f"buffer {index}: {len(got)} bytes for {len(want['values'])} float32 values")
            continue
        values = struct.unpack(f"<{len(got) // 4}f", got)
        problems += [f"buffer {index}[{at}]: expected {a!r}, got {b!r}" for at, (a, b) in
                     enumerate(zip(want["values"], values)) if not math.isclose(a, b, rel_tol=0, abs_tol=TOLERANCE)]
    return problems


def strict_json(data: bytes) -> Any:
    """Parses a reply, refusing NaN and Infinity, which are not JSON."""
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(data, parse_constant=refuse)


def pointer_exists(document: Any, pointer: str) -> bool:
    """Whether the RFC 6901 JSON pointer resolves in `document`."""
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def mismatches(expected: Any, actual: Any, ignore: set[str], pointer: str = "") -> list[str]:
    """Where `actual` differs from `expected`: same JSON types, same members, same lengths, numbers within
    TOLERANCE, everything else equal. Values at pointers in `ignore` are not compared."""
    if pointer in ignore:
        return []
    where = pointer or "/"
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return [] if expected is actual else [f"{where}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = math.isclose(expected, actual, rel_tol=0, abs_tol=TOLERANCE)
        return [] if ok else [f"{where}: expected {expected!r}, got {actual!r}"]
    if type(expected) is not type(actual):
        return [f"{where}: expected {type(expected).__name__} {expected!r}, got {type(actual).__name__} {actual!r}"]
    if isinstance(expected, dict):
        if expected.keys() != actual.keys():
            return [f"{where}: expected members {sorted(expected)}, got {sorted(actual)}"]
        escape = lambda key: key.replace("~", "~0").replace("/", "~1")
        return [problem for key in expected
                for problem in mismatches(expected[key], actual[key], ignore, f"{pointer}/{escape(key)}")]
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} elements, got {len(actual)}"]
        return [problem for index, (left, right) in enumerate(zip(expected, actual))
                for problem in mismatches(left, right, ignore, f"{pointer}/{index}")]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def test_mismatches_compares_like_the_readme_says() -> None:
    """The comparison itself: tolerance, types, members, lengths and ignored pointers."""
    assert mismatches({"a": [1.0, "x"]}, {"a": [1.000004, "x"]}, set()) == []
    assert mismatches({"a": 1.0}, {"a": 1.00002}, set()) != []
    assert mismatches(True, 1, set()) != [] and mismatches(0, None, set()) != []
    assert mismatches({"a": 1}, {"a": 1, "b": 2}, set()) != []
    assert mismatches([1, 2], [1], set()) != []
    assert mismatches({"s": 0, "t": "x"}, {"s": 7.5, "t": "x"}, {"/s"}) == []
    assert pointer_exists({"a/b": [0, {"c": 1}]}, "/a~1b/1/c") and not pointer_exists({"a": []}, "/a/0")


def replay(example: dict, worker: RunningWorker, name: str) -> None:
    context = zmq.Context()
    socket = context.socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(worker.endpoint)
    try:
        for index, step in enumerate(example["steps"]):
            label = f"{name} step {index}: {json.dumps(step.get('request', step.get('request_text', '…')))[:200]}"
            socket.send_multipart(request_frames(step))
            if step["response"] is None:
                assert not socket.poll(SILENCE_MS), f"{label}: expected no reply, got {socket.recv_multipart()}"
                continue
            assert socket.poll(REPLY_TIMEOUT_MS), f"{label}: no reply within {REPLY_TIMEOUT_MS} ms"
            reply = socket.recv_multipart()
            actual = strict_json(reply[0])
            ignore = set(step.get("ignore", []))
            problems = mismatches(step["response"], actual, ignore)
            problems += buffer_mismatches(step.get("response_buffers", []), reply[1:])
            problems += [f"{pointer}: ignored but missing" for pointer in sorted(ignore)
                         if not pointer_exists(actual, pointer)]
            assert not problems, f"{label}\n" + "\n".join(problems) + f"\nactual: {json.dumps(actual)[:2000]}"
    finally:
        socket.close()
        context.term()
    if example.get("exits"):
        assert worker.process.wait(EXIT_TIMEOUT_S) == 0, f"{name}: the worker should exit 0 after the steps"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_example(path: Path, start_worker: Callable[..., RunningWorker]) -> None:
    example = json.loads(path.read_text())
    worker = start_worker(models=not example.get("no_models", False),
                          extra_args=tuple(example.get("worker_args", ())))
    replay(example, worker, path.name)
