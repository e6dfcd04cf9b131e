"""The repository's own JSON Schemas (analyzer/schemas/), as installed with the package, ready to validate."""

from __future__ import annotations

import functools
import json
from importlib.resources import files

import jsonschema
from referencing import Registry, Resource

NAMES = ("analysis", "diff")


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for ``kiyaku/<name>@1``; the diff schema's references to the analysis schema resolve locally."""
    schemas = {
        n: json.loads((files("kiyaku.analyzer") / "schemas" / f"{n}.schema.json").read_text("utf-8")) for n in NAMES
    }
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def errors(name: str, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]
