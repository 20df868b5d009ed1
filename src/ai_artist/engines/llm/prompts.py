"""Prompts and answers: our instructions, outside text as data, JSON answers validated.

A :class:`Prompt` is built by :func:`build_prompt` from *our* instructions (static text in
this package) and named data values. Data is never pasted into instructions: it goes into
labelled JSON blocks (see :mod:`ai_artist.engines.llm.safety`). The answer must be one JSON
object; :func:`parse_answer` finds it, validates it with the task's pydantic schema and
raises :class:`AnswerRejected` with readable problems that the repair turn sends back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ai_artist.engines.llm.safety import DATA_NOTICE, Redactor, cap, data_block
from ai_artist.errors import ProviderError

M = TypeVar("M", bound=BaseModel)

ROLE = (
    "You are the creative assistant of a virtual music artist platform. You write in "
    "plain, singable English and never include real people's names or brands."
)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class AnswerRejected(ProviderError):
    """An answer that is not valid JSON, breaks the schema or fails the task's checks."""

    def __init__(self, problems: list[str], *, provider: str = "llm") -> None:
        super().__init__("; ".join(problems) or "invalid answer", provider=provider)
        self.problems = problems


@dataclass(frozen=True)
class Prompt:
    """The system prompt and the first user message of a task (both already redacted)."""

    system: str
    user: str

    @property
    def chars(self) -> int:
        return len(self.system) + len(self.user)


def json_schema_of(schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema the provider is asked to follow."""
    return schema.model_json_schema()


def build_prompt(
    instructions: str,
    data: dict[str, object],
    schema: type[BaseModel],
    *,
    max_part_chars: int,
    redact: Redactor,
) -> Prompt:
    """A prompt: role + data notice + schema in the system part, instructions + data blocks.

    ``instructions`` are ours; every ``data`` value is outside material, quoted as JSON.
    Every part is capped at ``max_part_chars`` characters.
    """
    schema_text = json.dumps(json_schema_of(schema), separators=(",", ":"))
    system = (
        f"{ROLE}\n{DATA_NOTICE}\n"
        "Answer with exactly one JSON object and nothing else, matching this JSON Schema:\n"
        f"{cap(schema_text, 2 * max_part_chars)}"
    )
    blocks = [
        data_block(label, value, max_chars=max_part_chars, redact=redact)
        for label, value in data.items()
    ]
    user = "\n\n".join([cap(redact(instructions), max_part_chars), *blocks])
    return Prompt(system=redact(system), user=user)


def repair_message(problems: list[str], *, max_part_chars: int, redact: Redactor) -> str:
    """The follow-up turn asking for a corrected answer (the problems are quoted as data)."""
    return (
        "Your answer could not be used. Fix every problem listed in the data block below and "
        "answer again with the complete corrected JSON object only.\n\n"
        + data_block("problems", problems[:20], max_chars=max_part_chars // 4, redact=redact)
    )


def _json_text(text: str) -> str:
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise AnswerRejected(["the answer contains no JSON object"])
    return text[start : end + 1]


def parse_answer(text: str, schema: type[M]) -> M:
    """The JSON object in ``text`` validated as ``schema``; AnswerRejected lists problems."""
    try:
        data = json.loads(_json_text(text))
    except json.JSONDecodeError as error:
        raise AnswerRejected(
            [f"the answer is not valid JSON: {error.msg} at {error.pos}"]
        ) from error
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in item['loc']) or 'answer'}: {item['msg']}"
            for item in error.errors()
        ]
        raise AnswerRejected(problems) from error
