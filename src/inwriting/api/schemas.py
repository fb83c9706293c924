"""Response models more than one API module answers with."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from inwriting.redline.operations import Op, Operation


class OperationOut(BaseModel):
    """One operation of a redline: text kept (equal), inserted or deleted."""

    op: Op
    text: str
    layout: bool = Field(default=False, description="True for a whitespace-only difference.")

    @classmethod
    def many(cls, operations: Iterable[Operation]) -> list[OperationOut]:
        return [cls(op=o.op, text=o.text, layout=o.layout) for o in operations]
