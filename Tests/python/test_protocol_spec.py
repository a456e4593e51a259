"""The OpenRPC document against its meta-schema and PROTOCOL.md, and the examples against the document and the numpy
reference.

OpenRPC 1.3.2 reads every schema as JSON Schema draft-07, so the document is checked and applied with draft-07
validators only. No worker is needed: these tests read Protocol/ only (and tools/reference/ for the numpy model, and
fixtures/ for the meta-schemas).
"""
from __future__ import annotations

import json
import math
import re
import struct
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "Protocol"
DOC = json.loads((PROTOCOL / "elman.openrpc.json").read_text())
PROSE = (PROTOCOL / "PROTOCOL.md").read_text()
EXAMPLES = {path.stem: json.loads(path.read_text()) for path in sorted((PROTOCOL / "examples").glob("*.json"))}
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # where the meta-schemas come from: fixtures/README.md

sys.path.insert(0, str(ROOT / "tools" / "reference"))
import numpy_elman  # noqa: E402  (the reference model, float32 with hand-derived gradients)
from seeded_generator import SeededGenerator  # noqa: E402  (the worker's generator, in Python)

BASE = "urn:elman:openrpc"
REGISTRY = Registry().with_resource(BASE, Resource.from_contents(DOC, default_specification=DRAFT7))
METHODS = {method["name"]: method for method in DOC["methods"]}
METHOD_INDEX = {method["name"]: index for index, method in enumerate(DOC["methods"])}
SCHEMAS = DOC["components"]["schemas"]
REFERENCE_TOLERANCE = 1e-4
# Limits on a combination of params (or on the worker's state): a request can pass each param's schema and still
# exceed them. Every other limit is also a maximum in the params schemas.
COMBINED_LIMITS = {"max_work", "max_inference_work", "max_job_bytes", "max_jobs", "max_models", "max_runs"}
# Errors that can answer any request; the methods' errors lists leave them out.
ANY_REQUEST_ERRORS = {-32700, -32600, -32601, -32603}


def beyond_schema(params: dict, error: dict) -> bool:
    """Whether an invalid-params error comes from a rule JSON Schema cannot state: the weights' shape (w1 is H + 1
    rows of H numbers, w2 is H rows) and hidden_size agreeing with it; a state_dict's keys and shapes (they follow
    from the network and the data); rows of one width and sequences of one length; and what depends on the model
    (its input width for predict's inputs or data, generate's prime, train's data; generate's outputs = inputs;
    a scaled model's targets; predict's return of cell states from a model without them); validation data agreeing
    with data (columns, targets) and a fraction leaving both parts two rows. A sweep's run is held to the same rules
    for the member it came from; a value in its grid always goes beyond the schema, which takes any list (each value
    is validated as train validates it), and so does a config's member that the grid also sweeps. A buffer that no
    placeholder uses is a fault of the frames, not of the params."""
    param = error["data"]["param"]
    if param == "$buffer":
        return True
    run = re.fullmatch(r"(base|configs\[(\d+)\])\.(.+)", param)
    if run and isinstance(params, dict):
        if run.group(2) is not None and run.group(3) in params.get("grid", {}):
            return True  # a config's member that the grid also sweeps
        members = params.get("base") if run.group(2) is None else params["configs"][int(run.group(2))]
        return beyond_schema(members, {"data": {"param": run.group(3)}})
    if re.match(r"grid\.[^.\[]+\[", param):
        return True
    validation = params.get("validation") if isinstance(params, dict) else None
    fraction = validation.get("fraction") if isinstance(validation, dict) else None
    return (param.startswith(("weights", "state_dict", "data.series[", "data.sequences[", "inputs", "prime",
                              "validation.series[", "validation.sequences["))
            or (param == "hidden_size" and ("weights" in params or "state_dict" in params))
            or param == "model" or (param in ("data", "data.targets") and "model" in params)
            or param in ("validation", "validation.targets")
            or (param == "return" and params.get("return") == ["cell"])
            or (param == "validation.fraction" and isinstance(fraction, (int, float)) and 0 < fraction < 1))


def validator(pointer: str) -> Draft7Validator:
    """A draft-07 validator for the schema at `pointer` inside the OpenRPC document (its $refs resolve in the
    document)."""
    return Draft7Validator({"$ref": f"{BASE}#{pointer}"}, registry=REGISTRY)


def params_validator(method: str) -> Draft7Validator:
    return validator(f"/methods/{METHOD_INDEX[method]}/x-params-schema")


def result_validator(method: str) -> Draft7Validator:
    return validator(f"/methods/{METHOD_INDEX[method]}/result/schema")


def schema(name: str) -> Draft7Validator:
    return validator(f"/components/schemas/{name}")


def lookup(ref: str) -> Any:
    """What a `#/…` reference inside the document points to."""
    return REGISTRY.resolver(BASE).lookup(BASE + ref).contents


def resolve(node: dict) -> dict:
    """Follows `$ref`s until a schema without one."""
    while "$ref" in node:
        node = lookup(node["$ref"])
    return node


def members(node: dict) -> tuple[dict, set[str]]:
    """The properties and required members of an object schema (or of the one its lone `$ref` points to), with those
    of the schemas it extends (`allOf`). A property given as `true` is one of an extended schema, defined there."""
    if "$ref" in node:
        return members(lookup(node["$ref"]))
    properties, required = {}, set(node.get("required", []))
    for part in node.get("allOf", []):
        extended, extended_required = members(part)
        properties, required = properties | extended, required | extended_required
    own = {name: value for name, value in node.get("properties", {}).items() if value is not True}
    return properties | own, required


def subschemas(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every schema inside the draft-07 schema `node` (itself first), with its path: the values of the keywords that
    hold schemas, a map of schemas, or a list of schemas."""
    yield path, node
    if not isinstance(node, dict):
        return
    for keyword, value in node.items():
        if keyword in ("properties", "patternProperties", "definitions", "dependencies"):
            for name, inner in value.items():
                if not isinstance(inner, list):  # a dependencies list names members; it holds no schema
                    yield from subschemas(inner, f"{path}/{keyword}/{name}")
        elif keyword in ("allOf", "anyOf", "oneOf") or (keyword == "items" and isinstance(value, list)):
            for index, inner in enumerate(value):
                yield from subschemas(inner, f"{path}/{keyword}/{index}")
        elif keyword in ("items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if",
                         "then", "else"):
            yield from subschemas(value, f"{path}/{keyword}")


def document_schemas() -> Iterator[tuple[str, Any]]:
    """Every top-level schema of the document, with its JSON pointer: components, params, results, error data."""
    for name, value in SCHEMAS.items():
        yield f"/components/schemas/{name}", value
    for name, error in DOC["components"]["errors"].items():
        yield f"/components/errors/{name}/data", error["data"]
    for kind in ("methods", "x-notifications"):
        for index, method in enumerate(DOC[kind]):
            yield f"/{kind}/{index}/x-params-schema", method["x-params-schema"]
            for number, param in enumerate(method["params"]):
                yield f"/{kind}/{index}/params/{number}/schema", param["schema"]
            if "result" in method:
                yield f"/{kind}/{index}/result/schema", method["result"]["schema"]


def section(title: str) -> str:
    """The text of PROTOCOL.md's `## title` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", PROSE, re.M | re.S)
    assert match, f"PROTOCOL.md has no section {title!r}"
    return match.group(1)


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the markdown tables in `text`, cells stripped."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|")]
    return [row for row in rows if not set("".join(row)) <= set("- ") and row[0] not in ("code", "limit", "param")]


def prose_signatures(text: str) -> dict[str, list[tuple[str, bool]] | None]:
    """`name {a, b?}` spans in `### ` headings: name → [(param, required)], or None when no braces are given."""
    signatures = {}
    for line in text.splitlines():
        if not line.startswith("### "):
            continue
        for span in re.findall(r"`([^`]+)`", line):
            match = re.fullmatch(r"([a-z_]+(?:\.[a-z_]+)*)(?: \{(.*)\})?", span)
            if match:
                names = [name.strip() for name in re.split(r"[,|]", match.group(2))] if match.group(2) else None
                signatures[match.group(1)] = [(n.rstrip("?"), not n.endswith("?")) for n in names] if names else None
    return signatures


# ------------------------------------------------------------------------------------------------ the document

def test_document_is_openrpc_1_3_2_with_by_name_params() -> None:
    assert DOC["openrpc"] == "1.3.2"
    assert DOC["info"]["title"] and DOC["info"]["version"] == "0.1.0"
    assert len(METHODS) == len(DOC["methods"]), "method names must be unique"
    for method in DOC["methods"] + DOC["x-notifications"]:
        assert method["paramStructure"] == "by-name", method["name"]


def openrpc_meta_validator() -> Draft7Validator:
    """The OpenRPC meta-schema (which names openrpc 1.3.2), with the JSON Schema meta-schema its schemas $ref."""
    meta = json.loads((FIXTURES / "open-rpc-meta-schema-1.14.9.json").read_text())
    json_schema_tools = json.loads((FIXTURES / "json-schema-tools-1.7.5.schema.json").read_text())
    resource = Resource.from_contents(json_schema_tools, default_specification=DRAFT7)
    registry = Registry().with_resources([(meta["definitions"]["JSONSchema"]["$ref"], resource),
                                          (json_schema_tools["$id"], resource)])
    return Draft7Validator(meta, registry=registry)


def test_document_follows_the_openrpc_meta_schema() -> None:
    meta = openrpc_meta_validator()
    assert "1.3.2" in meta.schema["properties"]["openrpc"]["enum"]
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in meta.iter_errors(DOC)]
    assert not errors, "\n".join(errors)
    assert not meta.is_valid(DOC | {"methods": [{"name": "ping"}]}), "the meta-schema must check what it is given"


def test_every_schema_is_valid_draft_07() -> None:
    checked = 0
    for _, value in document_schemas():
        Draft7Validator.check_schema(value)
        checked += 1
    assert checked > len(SCHEMAS) + len(METHODS)


def test_schemas_use_draft_07_keywords_only_and_lone_refs() -> None:
    """Draft-07 ignores a keyword it does not know (unevaluatedProperties, dependentSchemas, $defs, …) and every
    sibling of a `$ref`: a schema relying on either means something else to a draft-07 reader."""
    keywords = set(Draft7Validator.META_SCHEMA["properties"])
    for pointer, value in document_schemas():
        for path, node in subschemas(value, pointer):
            if isinstance(node, dict):
                assert set(node) <= keywords, f"{path}: not draft-07: {sorted(set(node) - keywords)}"
                assert "$ref" not in node or len(node) == 1, f"{path}: $ref beside {sorted(set(node) - {'$ref'})}"


def test_extending_schemas_list_every_member_of_what_they_extend() -> None:
    """A schema closed with additionalProperties false that extends another (allOf) must name the other's members
    (as true) among its properties, or it would refuse the members it extends."""
    extending = 0
    for name, value in SCHEMAS.items():
        for part in value.get("allOf", []):
            if "$ref" in part and value.get("additionalProperties") is False:
                inherited = {member for member, schema in value["properties"].items() if schema is True}
                assert inherited == set(members(part)[0]), name
                extending += 1
    assert extending >= 5


def test_every_ref_resolves() -> None:
    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)
    found = list(refs(DOC))
    assert len(found) > 50
    resolver = REGISTRY.resolver(BASE)
    for ref in found:
        assert ref.startswith("#/"), ref
        resolver.lookup(BASE + ref)


def test_params_lists_describe_the_closed_params_schemas() -> None:
    for method in DOC["methods"] + DOC["x-notifications"]:
        properties, required = members(method["x-params-schema"])
        assert [p["name"] for p in method["params"]] == list(properties), method["name"]
        assert {p["name"] for p in method["params"] if p["required"]} == required, method["name"]
        for param in method["params"]:
            assert lookup(param["schema"]["$ref"]) == properties[param["name"]], (method["name"], param["name"])
        closed = lookup(method["x-params-schema"]["$ref"])
        assert closed.get("additionalProperties") is False


def test_params_schemas_refuse_unknown_members() -> None:
    for name in METHODS:
        assert not params_validator(name).is_valid({"surely_not_a_param": 1}), name
    assert params_validator("train").is_valid({})
    assert not params_validator("ping").is_valid([])


def test_train_params_exclude_what_a_model_or_weights_fix() -> None:
    """Continuing a model fixes its size and weights; explicit weights fix the initial ones."""
    train = params_validator("train")
    weights = {"w1": [[0.5], [0.25]], "w2": [[1.0]]}
    assert train.is_valid({"model": "m1", "epochs": 3}) and train.is_valid({"weights": weights, "hidden_size": 1})
    network = {"cell": "lstm", "hidden_size": 2}
    state_dict = {"rnn.weight_ih_l0": [[0.5]], "rnn.weight_hh_l0": [[0.25]], "head.weight": [[1.0]]}
    for excluded in ({"hidden_size": 6}, {"seed": 1}, {"init_std": {"w1": 0.1}}, {"weights": weights},
                     {"network": network}, {"state_dict": state_dict}):
        assert not train.is_valid({"model": "m1"} | excluded), excluded
    for excluded in ({"seed": 1}, {"init_std": {}}):
        assert not train.is_valid({"weights": weights} | excluded), excluded
    assert train.is_valid({"network": network, "state_dict": state_dict, "optimizer": {"name": "adam"}})
    for excluded in ({"hidden_size": 2}, {"init_std": {}}, {"weights": weights}):
        assert not train.is_valid({"network": network} | excluded), excluded
    for excluded in ({"seed": 1}, {"init_std": {}}, {"weights": weights}):
        assert not train.is_valid({"state_dict": state_dict} | excluded), excluded
    assert not train.is_valid({"optimizer": {"name": "sgd"}, "lr": 0.1})
    assert not train.is_valid({"optimizer": {"name": "sgd", "nesterov": True}})
    assert not train.is_valid({"network": {"cell": "gru", "hidden_size": 2, "nonlinearity": "relu"}})


def test_job_and_model_objects_refuse_extra_members() -> None:
    job = {"job": "j1", "model": "m1", "state": "done", "epoch": 3, "epochs": 3, "seconds": 0.1}
    network = {"cell": "rnn", "nonlinearity": "tanh", "input_size": 1, "hidden_size": 1, "num_layers": 1,
               "output_size": 1, "bias": False}
    summary = {"model": "m1", "hidden_size": 1, "epochs_trained": 3, "job": None, "network": network}
    weights = {"w1": [[0.5], [0.25]], "w2": [[1.0]]}
    state_dict = {"rnn.weight_ih_l0": [[0.5]], "rnn.weight_hh_l0": [[0.25]], "head.weight": [[1.0]]}
    objects = {"Job": job | {"losses": [1.0, 0.5, 0.25]}, "JobBrief": job, "ModelSummary": summary,
               "ModelDetail": summary | {"state_dict": state_dict, "weights": weights},
               "LoadedModel": summary | {"name": "sine"}}
    for name, value in objects.items():
        assert schema(name).is_valid(value), name
        assert not schema(name).is_valid(value | {"surely_not_a_member": 1}), name
        assert not schema(name).is_valid({key: item for key, item in value.items() if key != "model"}), name
    assert not schema("Job").is_valid(objects["Job"] | {"diverged_epoch": 2})
    assert schema("Job").is_valid(objects["Job"] | {"state": "diverged", "diverged_epoch": 2})


# ------------------------------------------------------------------------------------------------ PROTOCOL.md

def test_methods_are_those_of_protocol_md() -> None:
    assert set(prose_signatures(section("Methods"))) == set(METHODS)


def test_method_params_are_those_of_protocol_md() -> None:
    for name, signature in prose_signatures(section("Methods")).items():
        described = [(p["name"], p["required"]) for p in METHODS[name]["params"]]
        if signature is not None:
            assert described == signature, name
        elif name != "train":
            assert described == [], name


def test_train_params_and_defaults_are_those_of_protocol_md() -> None:
    train = section("Methods").split("### `train`")[1].split("###")[0]
    rows = {row[0].strip("`"): row[1] for row in table_rows(train)}
    assert list(rows) == [p["name"] for p in METHODS["train"]["params"]]
    properties = SCHEMAS["TrainParams"]["properties"]
    for name, prose in rows.items():
        documented = resolve(properties[name]).get("default")
        if prose == "—":
            assert documented is None, name
        elif prose == "sine preset":
            assert documented == {"sine": {"start": 2, "stop": 10, "points": 21}}
        else:
            assert documented == json.loads(prose.strip("`")), name


def test_errors_are_those_of_protocol_md() -> None:
    errors = {error["code"]: error for error in DOC["components"]["errors"].values()}
    prose = {}
    for code, name, _, data in table_rows(section("Errors")):
        prose[int(code)] = (name, re.findall(r'"(\w+)"', data))
    assert set(errors) == set(prose)
    for code, (name, members) in prose.items():
        assert errors[code]["message"] == name
        data = resolve(errors[code]["data"])
        assert list(data["properties"]) == members and data.get("required", []) == members, code
        assert data["additionalProperties"] is False
    assert set(SCHEMAS["ErrorObject"]["properties"]["code"]["enum"]) == set(prose)


def test_limits_are_those_of_protocol_md() -> None:
    prose = {row[0].strip("`"): row[1] for row in table_rows(section("Limits"))}
    limits = SCHEMAS["Limits"]["properties"]
    assert list(limits) == list(prose)
    for name, default in prose.items():
        assert limits[name].get("default") == (None if default == "cores" else int(default)), name
    assert set(SCHEMAS["LimitExceededData"]["properties"]["limit"]["enum"]) == set(prose)


def test_schema_maxima_are_the_default_limits() -> None:
    limits = {name: value["default"] for name, value in SCHEMAS["Limits"]["properties"].items() if "default" in value}
    train = SCHEMAS["TrainParams"]["properties"]
    assert train["hidden_size"]["maximum"] == limits["max_hidden_size"]
    assert train["epochs"]["maximum"] == limits["max_epochs"]
    assert SCHEMAS["Sine"]["properties"]["points"]["maximum"] == limits["max_series_length"]
    assert SCHEMAS["GenerateParams"]["properties"]["steps"]["maximum"] == limits["max_generate_steps"]
    for array in (SCHEMAS["PredictParams"]["properties"]["inputs"], SCHEMAS["GenerateParams"]["properties"]["prime"]):
        assert array["maxItems"] == limits["max_series_length"]


def test_notifications_are_those_of_protocol_md() -> None:
    prose = dict(re.findall(r"^- `(job\.\w+) \{(.*?)\}`", section("Notifications"), re.M))
    notifications = {n["name"]: n for n in DOC["x-notifications"]}
    assert set(notifications) == set(prose)
    assert [p["name"] for p in notifications["job.progress"]["params"]] == re.findall(r'"(\w+)"', prose["job.progress"])
    for name in ("job.accepted", "job.finished"):
        assert prose[name] == "job object"
        assert notifications[name]["x-params-schema"] == {"$ref": "#/components/schemas/Job"}


# ------------------------------------------------------------------------------------------------ the examples

def frame_values(buffer: dict) -> list[float]:
    """The values of an example's buffer ({"dtype", "values"} or {"hex"}) as the worker reads them."""
    if "values" in buffer:
        return buffer["values"]
    raw = bytes.fromhex(buffer["hex"])
    return list(struct.unpack(f"<{len(raw) // 4}f", raw[:len(raw) - len(raw) % 4]))


def with_buffers(value: Any, buffers: list[dict]) -> Any:
    """`value` with every placeholder whose buffer exists and fits its shape replaced by the nested list it means
    (PROTOCOL.md, "Binary frames"), a non-finite value as None (no JSON number); other placeholders stay."""
    if isinstance(value, list):
        return [with_buffers(element, buffers) for element in value]
    if not isinstance(value, dict):
        return value
    index, shape = value.get("$buffer"), value.get("shape")
    if set(value) == {"$buffer", "dtype", "shape"} and isinstance(index, int) and 0 <= index < len(buffers) \
            and value["dtype"] in ("<f4", "<f8") and "values" in buffers[index]:
        values = [number if math.isfinite(number) else None for number in frame_values(buffers[index])]
        if len(values) == math.prod(shape):
            return np.array(values, dtype=object).reshape(shape).tolist()
    return {key: with_buffers(member, buffers) for key, member in value.items()}


def exchanges(example: dict) -> Iterator[tuple[Any, Any]]:
    """(request element, its expected response) for every call of an example; the request is None for a raw frame
    or for a reply that answers no element (an invalid batch), the response None when no reply is expected.
    Placeholders of the request and of the response stand replaced by the lists of the step's `buffers` and
    `response_buffers`."""
    for step in example["steps"]:
        response = with_buffers(step["response"], step.get("response_buffers", []))
        responses = response if isinstance(response, list) else ([] if response is None else [response])
        if "request" not in step:
            yield from ((None, reply) for reply in responses)
            continue
        request = with_buffers(step["request"], step.get("buffers", []))
        elements = request if isinstance(request, list) and request else [request]
        by_id = {json.dumps(reply["id"]): reply for reply in responses}
        for element in elements:
            has_id = isinstance(element, dict) and "id" in element and json.dumps(element["id"]) in by_id
            yield element, by_id.pop(json.dumps(element["id"])) if has_id else None
        yield from ((None, reply) for reply in by_id.values())


def test_examples_have_the_documented_format() -> None:
    forms = {"request", "request_text", "request_hex", "request_frames"}
    assert len(EXAMPLES) >= 10
    for name, example in EXAMPLES.items():
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", name), name
        assert set(example) <= {"title", "worker_args", "no_models", "exits", "steps"}, name
        assert example["title"] and example["steps"], name
        for step in example["steps"]:
            optional = {"response", "ignore", "buffers", "response_buffers"}
            assert len(forms & set(step)) == 1 and set(step) <= forms | optional, (name, step)
            for pointer in step.get("ignore", []):
                assert pointer.startswith("/"), (name, pointer)


def test_examples_cover_every_method_and_every_error_that_a_request_can_provoke() -> None:
    methods, codes = set(), set()
    for example in EXAMPLES.values():
        for request, response in exchanges(example):
            if isinstance(request, dict) and response is not None and "result" in response:
                methods.add(request["method"])
            if response is not None and "error" in response:
                codes.add(response["error"]["code"])
    assert methods == set(METHODS)
    internal_error = -32603  # a bug in the worker: no request provokes it on purpose
    assert codes == set(SCHEMAS["ErrorObject"]["properties"]["code"]["enum"]) - {internal_error}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_follows_the_schemas(name: str) -> None:
    """Success: the params and the result follow the method's schemas. Errors: the error follows its code's schema,
    and the params fail their schema exactly when the worker calls them invalid (-32602, or a one-param limit)."""
    checked = 0
    for request, response in exchanges(EXAMPLES[name]):
        if response is None:
            continue
        schema("ErrorResponse" if "error" in response else "SuccessResponse").validate(response)
        checked += 1
        if not (schema("Request").is_valid(request) and request["method"] in METHODS):
            continue
        params = request.get("params", {})
        valid = params_validator(request["method"]).is_valid(without_binary(params))
        if "result" in response:
            assert valid, f"{request} succeeds but its params fail the schema"
            result_validator(request["method"]).validate(response["result"])
            continue
        error = response["error"]
        listed = {lookup(ref["$ref"])["code"] for ref in METHODS[request["method"]]["errors"]}
        assert error["code"] in listed | ANY_REQUEST_ERRORS, f"{request['method']} does not list {error['code']}"
        if error["code"] == -32602 and not beyond_schema(params, error):
            assert not valid, f"{request} is invalid params but passes the schema"
        elif error["code"] == -32004 and error["data"]["limit"] not in COMBINED_LIMITS:
            assert not valid, f"{request} passes a one-param limit but also the schema"
        elif error["code"] not in (-32600, -32601, -32602, -32004):
            assert valid, f"{request} fails with {error['code']} but its params fail the schema too"
    assert checked > 0


def without_binary(params: Any) -> Any:
    """Params without the member every method takes (x-every-method-params), which must follow its schema: else
    an object with an invalid member (so that they fail their schema as the worker fails them)."""
    if not isinstance(params, dict) or "binary" not in params:
        return params
    rest = {key: value for key, value in params.items() if key != "binary"}
    return rest if validator("/x-every-method-params/binary").is_valid(params["binary"]) else rest | {"binary": 0}


def test_every_method_takes_binary_and_protocol_md_says_so() -> None:
    assert list(DOC["x-every-method-params"]) == ["binary"]
    assert lookup(DOC["x-every-method-params"]["binary"]["$ref"]) == SCHEMAS["Binary"]
    assert '"binary": true | false' in section("Binary frames")
    placeholder = {"$buffer": 0, "dtype": "<f4", "shape": [3]}
    assert params_validator("predict").is_valid({"model": "m1", "inputs": placeholder})
    assert params_validator("train").is_valid({"data": {"sequences": [placeholder]}, "weights": {"w1": placeholder,
                                                                                                  "w2": placeholder}})
    assert not params_validator("predict").is_valid({"model": "m1", "inputs": placeholder | {"dtype": "<i4"}})
    assert not params_validator("predict").is_valid({"model": "m1", "inputs": placeholder | {"order": "C"}})


def worker_limits(args: list[str]) -> dict[str, int]:
    """The limits that `elman-worker` command-line arguments set: `--limit NAME=VALUE` and `--threads N`."""
    limits = {}
    for option, value in zip(args, args[1:]):
        if option == "--limit":
            name, number = value.split("=")
            limits[name] = int(number)
        elif option == "--threads":
            limits["training_threads"] = int(value)
    return limits


def test_info_examples_report_the_documented_limits_and_defaults() -> None:
    documented = {name: value["default"]
                  for name, value in SCHEMAS["Limits"]["properties"].items() if "default" in value}
    train = SCHEMAS["TrainParams"]["properties"]
    defaults = {name: resolve(train[name]).get("default") for name in SCHEMAS["TrainDefaults"]["properties"]}
    seen = 0
    for example in EXAMPLES.values():
        for request, response in exchanges(example):
            if isinstance(request, dict) and request.get("method") == "info":
                expected = documented | worker_limits(example.get("worker_args", []))
                assert {name: response["result"]["limits"][name] for name in expected} == expected
                assert response["result"]["defaults"] == defaults
                assert response["result"]["methods"] == list(METHODS)
                seen += 1
    assert seen >= 2


# ------------------------------------------------------------------------------------------------ numpy reference

class ReferenceSession:
    """Follows an example with the numpy model: every model whose weights can be known (explicit, seeded, trained
    from known weights, saved and loaded) is tracked, and every output the example expects from such a model is
    compared with what the reference computes."""

    def __init__(self) -> None:
        self.models: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self.saved: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self.jobs: dict[str, tuple[str, dict, tuple[np.ndarray, np.ndarray] | None]] = {}
        self.last_job = self.last_model = 0  # the numbers of the latest ids the worker gave
        self.checked: Counter[str] = Counter()
        self.problems: list[str] = []

    @staticmethod
    def seeded(hidden: int, seed: int, w1_std: float, w2_std: float) -> tuple[np.ndarray, np.ndarray]:
        """ElmanWeights.random: W1 row-major, then W2, each value a normal draw rounded to float32."""
        generator = SeededGenerator(seed)
        w1 = [generator.normal(0, w1_std) for _ in range((hidden + 1) * hidden)]
        w2 = [generator.normal(0, w2_std) for _ in range(hidden)]
        return (np.array(w1, dtype=np.float32).reshape(hidden + 1, hidden),
                np.array(w2, dtype=np.float32).reshape(hidden, 1))

    @staticmethod
    def series(data: dict | None) -> np.ndarray:
        if data is None or "sine" in data:
            return numpy_elman.sine(**(data or {}).get("sine", {}))
        return np.array(data["series"], dtype=np.float32)

    def compare(self, kind: str, expected: Any, computed: Any, where: str, relative: bool = False) -> None:
        """Within REFERENCE_TOLERANCE, absolute (or relative: for gradient norms, which span decades)."""
        expected, computed = np.asarray(expected, dtype=np.float64), np.asarray(computed, dtype=np.float64)
        rtol, atol = (REFERENCE_TOLERANCE, 0) if relative else (0, REFERENCE_TOLERANCE)
        if expected.shape != computed.shape or not np.allclose(expected, computed, rtol=rtol, atol=atol):
            worst = np.max(np.abs(expected - computed)) if expected.shape == computed.shape else "shape"
            self.problems.append(f"{where}: {kind} differ from the numpy reference (worst {worst})")
        self.checked[kind] += 1

    @staticmethod
    def seed_kind(params: dict) -> bool:
        """Whether a train call is of the seed's kind, which the numpy reference follows: the seed's network and
        training on one series of numbers, without validation or a scaler (18-validation.json's numbers are checked
        by its own reference below). General networks are checked against PyTorch fixtures instead
        (Tests/ElmanCoreTests, and the worker's NetworksTests over the wire)."""
        data = params.get("data", {})
        rows = "sequences" in data or "targets" in data or any(isinstance(x, list) for x in data.get("series", []))
        followed = {"network", "state_dict", "optimizer", "loss", "clip_grad_norm", "validation", "early_stopping",
                    "scaler"}
        return not rows and not followed & set(params)

    def start(self, params: dict, job: str, model: str) -> None:
        """A train call was accepted as `job` on `model`, which starts from weights the reference may know."""
        if not self.seed_kind(params):
            weights = None
        elif "model" in params:
            weights = self.models.get(params["model"])
        elif "weights" in params:
            weights = (np.array(params["weights"]["w1"], dtype=np.float32),
                       np.array(params["weights"]["w2"], dtype=np.float32))
        else:
            std = params.get("init_std", {})
            weights = self.seeded(params.get("hidden_size", 6), params.get("seed", 0), std.get("w1", 0.4),
                                  std.get("w2", 0.3))
        self.models[model] = weights
        self.jobs[job] = (model, params, weights)

    def ended(self, job: dict, where: str) -> None:
        """A job object: once it is done, its losses and its model's weights are those the reference trains."""
        if job["job"] not in self.jobs or job["state"] in ("queued", "running"):
            return
        model, params, weights = self.jobs.pop(job["job"])
        if job["state"] != "done" or weights is None:
            self.models[model] = None  # stopped early, or unknown start: weights the reference cannot know
            return
        losses, w1, w2 = numpy_elman.train(*weights, self.series(params.get("data")), params.get("epochs", 300),
                                           params.get("lr", 0.1), params.get("truncation", 1))
        self.compare("losses", job["losses"], losses, where)
        self.models[model] = (w1, w2)

    def follow(self, request: Any, response: Any, where: str) -> None:
        if not (isinstance(request, dict) and request.get("method") in METHODS):
            return
        method, params = request["method"], request.get("params", {})
        if response is None:
            if method == "train" and "id" not in request and params_validator("train").is_valid(params):
                self.last_job += 1  # a valid notification is carried out: it takes the next ids
                self.last_model += "model" not in params
                self.start(params, f"j{self.last_job}", params.get("model", f"m{self.last_model}"))
            return
        if "result" not in response:
            return
        result = response["result"]
        if method == "train":
            self.last_job = int(result["job"][1:])
            self.last_model = max(self.last_model, int(result["model"][1:]))
            self.start(params, result["job"], result["model"])
        if method in ("train", "job.status", "job.wait", "job.cancel"):
            self.ended(result, where)
        elif method == "model.get" and self.models.get(result["model"]) is not None:
            flat = lambda w1, w2: np.concatenate([np.ravel(w1), np.ravel(w2)])
            self.compare("weights", flat(result["weights"]["w1"], result["weights"]["w2"]),
                         flat(*self.models[result["model"]]), where)
        elif method == "model.save":
            self.saved[params["name"]] = self.models.get(params["model"])
        elif method == "model.load":
            self.last_model = max(self.last_model, int(result["model"][1:]))
            self.models[result["model"]] = self.saved.get(params["name"])
        elif method == "model.delete":
            self.models.pop(params["model"], None)
        elif method == "gradient_flow" and self.models.get(params["model"]) is not None:
            norms = numpy_elman.gradient_flow(*self.models[params["model"]], self.series(params.get("data")),
                                              params.get("of", "loss"), params.get("loss", "sse/2"))
            self.compare("gradient_flow", result["norms"], [norms], where, relative=True)
        elif method in ("predict", "generate") and self.models.get(params["model"]) is not None:
            weights = self.models[params["model"]]
            if method == "predict":
                inputs = params["inputs"] if "inputs" in params else self.series(params.get("data"))[:-1]
                self.compare("predictions", result["predictions"], numpy_elman.predict(*weights, inputs), where)
                if "hidden" in result:  # one layer: steps × 1 × H
                    self.compare("hidden", result["hidden"], [[h] for h in numpy_elman.contexts(*weights, inputs)],
                                 where)
            else:
                prime = np.array(params["prime"], dtype=np.float32)
                self.compare("values", result["values"], numpy_elman.generate(*weights, prime, params["steps"]), where)


def reference_session(name: str) -> ReferenceSession:
    session = ReferenceSession()
    for index, (request, response) in enumerate(exchanges(EXAMPLES[name])):
        session.follow(request, response, f"{name} call {index}")
    return session


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_agrees_with_the_numpy_reference(name: str) -> None:
    session = reference_session(name)
    assert not session.problems, "\n".join(session.problems)


def test_the_reference_checks_every_kind_of_model_output() -> None:
    checked = sum((reference_session(name).checked for name in EXAMPLES), Counter())
    assert checked["losses"] >= 5 and checked["weights"] >= 5, checked
    assert checked["predictions"] >= 3 and checked["values"] >= 1, checked
    assert checked["hidden"] >= 1 and checked["gradient_flow"] >= 2, checked


def test_the_validation_example_agrees_with_the_numpy_reference() -> None:
    """18-validation.json's first model, followed by hand: the sine split by `validation.fraction`, the training part
    standardised with its own mean and population deviation, the seed's network trained epoch by epoch with numpy,
    the validation loss (sse/2 over the held-out rows, teacher-forced from a zero context) after each, early stopping
    by patience and min_delta, the best epoch's weights restored; then the scaler, weights and predictions
    (unscaled) that the example records."""
    calls = list(exchanges(EXAMPLES["18-validation"]))
    params, job = calls[0][0]["params"], calls[0][1]["result"]
    series = numpy_elman.sine(**params["data"]["sine"])
    held = int(np.floor(params["validation"]["fraction"] * len(series) + 0.5))
    training, validation = series[:-held].astype(np.float64), series[-held:].astype(np.float64)
    mean, std = training.mean(), training.std()
    scale = lambda values: ((np.asarray(values, dtype=np.float64) - mean) / std).astype(np.float32)
    weights = ReferenceSession.seeded(params["hidden_size"], params["seed"], 0.4, 0.3)
    stopping, losses, validation_losses = params["early_stopping"], [], []
    best, best_loss, best_weights, stopped = None, np.inf, weights, None
    for epoch in range(params["epochs"]):
        loss, *weights = numpy_elman.train(*weights, scale(training), 1, 0.1, 1)
        outputs = np.asarray(numpy_elman.predict(*weights, scale(validation)[:-1]), dtype=np.float32)
        errors = outputs - scale(validation)[1:]
        losses.append(loss[0])
        validation_losses.append(np.sum(errors * errors / 2, dtype=np.float32))
        if best is None or validation_losses[-1] < best_loss - stopping["min_delta"]:
            best, best_loss, best_weights = epoch, validation_losses[-1], tuple(weights)
        elif epoch - best >= stopping["patience"]:
            stopped = epoch
            break
    assert (job["best_epoch"], job["stopped_epoch"]) == (best, stopped)
    np.testing.assert_allclose(job["losses"], losses, rtol=0, atol=REFERENCE_TOLERANCE)
    np.testing.assert_allclose(job["validation_losses"], validation_losses, rtol=0, atol=REFERENCE_TOLERANCE)
    model = calls[1][1]["result"]
    np.testing.assert_allclose(model["scaler"]["offset"], [mean], rtol=1e-12)
    np.testing.assert_allclose(model["scaler"]["scale"], [std], rtol=1e-12)
    np.testing.assert_allclose(model["weights"]["w1"], best_weights[0], rtol=0, atol=REFERENCE_TOLERANCE)
    np.testing.assert_allclose(model["weights"]["w2"], best_weights[1], rtol=0, atol=REFERENCE_TOLERANCE)
    inputs = calls[2][0]["params"]["inputs"]
    predicted = np.asarray(numpy_elman.predict(*best_weights, scale(inputs)), dtype=np.float64) * std + mean
    np.testing.assert_allclose(calls[2][1]["result"]["predictions"], predicted, rtol=0, atol=REFERENCE_TOLERANCE)
