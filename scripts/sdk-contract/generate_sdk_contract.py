#!/usr/bin/env python3
"""Writes tests/fixtures/sdk-contract.json from the vendor's official Python SDK models.

The fixture lists, for every vendor API this project calls or emulates, the request fields (path,
query, body; mandatory or not), the answer fields with their types, and the enum values the model
docstrings document. The jest contract test (tests/integration/sdkContract.test.ts) reads only the
fixture, so CI never needs the SDK. Re-run this against a newer SDK and diff the fixture to see
what moved:

    python3 -m venv "${TMPDIR:-/tmp}"/sdk-venv
    "${TMPDIR:-/tmp}"/sdk-venv/bin/pip install huaweicloudsdkdrs==3.1.219 huaweicloudsdkdli==3.1.219
    "${TMPDIR:-/tmp}"/sdk-venv/bin/python scripts/sdk-contract/generate_sdk_contract.py

Only the standard library and the SDK packages are used.
"""

import importlib
import importlib.metadata
import inspect
import json
import re
import sys
from pathlib import Path

# The operations the provider calls or the emulator serves, by SDK module and client method.
OPERATIONS = {
    "drs.v3": [
        "batch_list_job_status",
        "batch_list_job_details",
        "batch_delete_jobs",
        "show_job_list",
        "batch_create_jobs",
        "batch_validate_connections",
        "batch_update_job",
        "batch_set_objects",
        "batch_check_jobs",
        "batch_check_results",
        "batch_start_jobs",
        "batch_set_speed",
    ],
    "drs.v5": [
        "show_job_detail",
        "show_actions",
        "list_jobs",
        "batch_stop_jobs_action",
        "stop_job_action",
        "batch_delete_jobs_by_id",
        "delete_job",
        "create_job",
        "execute_job_action",
        "update_job",
    ],
    "dli.v1": [
        "show_flink_job",
        "list_flink_jobs",
        "create_flink_sql_job",
        "create_flink_jar_job",
        "update_flink_sql_job",
        "update_flink_jar_job",
        "batch_run_flink_jobs",
        "batch_stop_flink_jobs",
        "batch_delete_flink_jobs",
        "delete_flink_job",
    ],
}

PACKAGES = {"drs.v3": "huaweicloudsdkdrs.v3", "drs.v5": "huaweicloudsdkdrs.v5", "dli.v1": "huaweicloudsdkdli.v1"}
CLIENTS = {"drs.v3": "DrsClient", "drs.v5": "DrsClient", "dli.v1": "DliClient"}
PRIMITIVES = {"str", "int", "bool", "float", "object", "date", "datetime"}

# Enum lists sit in the docstrings after a "value range" heading (取值范围). DRS writes them as
# "- value：meaning" items inside bold headings; DLI writes "value（meaning）" after a plain heading.
ENUM_SECTION = re.compile(r"\*\*取值范围\*\*[：:](.*?)(?:\*\*|$)", re.S)
ENUM_ITEM = re.compile(r"(?:^|\s)-\s*([A-Za-z][A-Za-z0-9_.\-]*)\s*[：:]")
PLAIN_SECTION = re.compile(r"取值范围[：:](.*?)(?:默认取值|$)", re.S)
PLAIN_ITEM = re.compile(r"(?:^|\s)([A-Za-z][A-Za-z0-9_.\-]*)（")


def split_type(type_name):
    """Yields the model names a type refers to: list[X], dict(str, X) or X."""
    inner = re.sub(r"^(list\[|dict\(str, )", "", type_name)
    inner = re.sub(r"[\])]$", "", inner)
    if inner != type_name:
        yield from split_type(inner)
    elif type_name not in PRIMITIVES:
        yield type_name


def mandatory_attributes(cls):
    """Attributes assigned unconditionally in __init__ (the generator marks them mandatory)."""
    source = inspect.getsource(cls.__init__)
    out = set()
    lines = source.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)self\.(\w+) = (\w+)\s*$", line)
        if not m or m.group(2) != m.group(3):
            continue
        previous = lines[i - 1].strip() if i > 0 else ""
        if not previous.startswith("if "):
            out.add(m.group(2))
    return out


def param_docs(cls):
    """The :param x: text of each attribute in the __init__ docstring."""
    doc = cls.__init__.__doc__ or ""
    docs = {}
    for m in re.finditer(r":param (\w+):(.*?)(?=\n\s*:type|\Z)", doc, re.S):
        docs[m.group(1)] = " ".join(m.group(2).split())
    return docs


def enum_values(text):
    section = ENUM_SECTION.search(text or "")
    if section:
        values = ENUM_ITEM.findall(" " + section.group(1))
    else:
        plain = PLAIN_SECTION.search(text or "")
        values = PLAIN_ITEM.findall(" " + plain.group(1)) if plain else []
    return list(dict.fromkeys(values))


class Collector:
    def __init__(self):
        self.models = {}

    def model(self, ns, name):
        """Records a model (and the models it refers to) under "ns.Name"; returns that key."""
        key = f"{ns}.{name}"
        if key in self.models:
            return key
        cls = getattr(importlib.import_module(PACKAGES[ns]), name)
        self.models[key] = None  # marks it as being visited (models may refer to themselves)
        required = mandatory_attributes(cls)
        docs = param_docs(cls)
        fields = {}
        for attr, type_name in cls.openapi_types.items():
            field = {"type": self.qualify(ns, type_name), "required": attr in required}
            values = enum_values(docs.get(attr))
            # Booleans document "true"/"false" as their range: not an enum worth keeping.
            if values and type_name != "bool":
                field["enum"] = values
            fields[cls.attribute_map[attr]] = field
        self.models[key] = {"fields": fields}
        return key

    def qualify(self, ns, type_name):
        """Rewrites the model names in a type as "ns.Name", recording each model."""
        out = type_name
        for name in set(split_type(type_name)):
            key = self.model(ns, name)
            out = re.sub(rf"\b{name}\b", key, out)
        return out


def http_info(client_cls, op):
    source = inspect.getsource(getattr(client_cls, f"_{op}_http_info"))
    head = re.search(r'"method": "(\w+)",\s*"resource_path": "([^"]+)"', source)
    path_params = re.findall(r"path_params\['(\w+)'\]", source)
    query_params = re.findall(r"query_params\.append\(\('(\w+)'", source)
    headers = re.findall(r"header_params\['([\w-]+)'\] = local_var_params", source)
    response_headers = re.findall(r"response_headers = \[(.*?)\]", source, re.S)
    return {
        "method": head.group(1),
        "path": head.group(2),
        "path_params": path_params,
        "query_params": query_params,
        "headers": headers,
        "has_body": "body = local_var_params['body']" in source,
        "response_headers": re.findall(r'"([^"]+)"', response_headers[0]) if response_headers else [],
    }


def operation(collector, ns, op):
    package = importlib.import_module(PACKAGES[ns])
    client = getattr(package, CLIENTS[ns])
    info = http_info(client, op)
    camel = "".join(part.capitalize() for part in op.split("_"))
    request_cls = getattr(package, f"{camel}Request")
    response_cls = getattr(package, f"{camel}Response")
    required = mandatory_attributes(request_cls)
    docs = param_docs(request_cls)
    by_json = {json_name: attr for attr, json_name in request_cls.attribute_map.items()}

    def params(names):
        out = {}
        for json_name in names:
            attr = by_json.get(json_name, json_name)
            entry = {
                "type": request_cls.openapi_types[attr],
                "required": attr in required,
            }
            values = enum_values(docs.get(attr))
            if values and entry["type"] != "bool":
                entry["enum"] = values
            out[json_name] = entry
        return out

    body = None
    if info["has_body"] and "body" in request_cls.openapi_types:
        body = {
            "type": collector.qualify(ns, request_cls.openapi_types["body"]),
            "required": "body" in required,
        }
    # Header attributes of a response (X-Request-Id and the like) are not part of its JSON body.
    header_attrs = {a for a, j in response_cls.attribute_map.items() if j in info["response_headers"]}
    response_fields = {
        a: t for a, t in response_cls.openapi_types.items() if a not in header_attrs
    }
    if list(response_fields) == ["body"]:
        # The answer is not an object (DLI batch calls answer a JSON array).
        response = {"type": collector.qualify(ns, response_fields["body"])}
    else:
        response = {"type": collector.model(ns, response_cls.__name__)}
        collector.models[response["type"]]["fields"] = {
            j: f
            for j, f in collector.models[response["type"]]["fields"].items()
            if j not in info["response_headers"]
        }
    return {
        "sdkOperation": f"{ns}.{op}",
        "method": info["method"],
        "path": info["path"],
        "pathParams": params(info["path_params"]),
        "query": params(info["query_params"]),
        "body": body,
        "response": response,
    }


def main():
    out_path = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sdk-contract.json"
    collector = Collector()
    operations = [operation(collector, ns, op) for ns, ops in OPERATIONS.items() for op in ops]
    fixture = {
        "generatedBy": "scripts/sdk-contract/generate_sdk_contract.py",
        "sdk": {
            name: importlib.metadata.version(name)
            for name in ("huaweicloudsdkcore", "huaweicloudsdkdrs", "huaweicloudsdkdli")
        },
        "operations": operations,
        "models": dict(sorted(collector.models.items())),
    }
    out_path.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out_path}: {len(operations)} operations, {len(collector.models)} models", file=sys.stderr)


if __name__ == "__main__":
    main()
