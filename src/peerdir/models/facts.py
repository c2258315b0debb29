"""Facts a model holds besides its fields, kept where Pydantic keeps private attributes.

A listing's slug, region, source file and time zone come from its path and its region, not from its
YAML: they are no fields (no schema, no export), yet copy, pickle (the loader's forked half sends
listings back pickled) and == must carry them. Pydantic keeps private attributes in each instance's
`__pydantic_private__` dict, which those three carry. Declared with PrivateAttr, they would be filled
by Pydantic's own post-init in a Python loop per declaring class (a sixth of validating a listing),
before ours could set them. So a model using this module declares none, and its model_post_init sets
the whole dict in one step.

The one place peerdir relies on that storage: tests/test_model_facts.py fails if a Pydantic upgrade
changes it (post-init no longer called with the context, the dict no longer carried by copy, pickle or ==).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def set_facts(model: BaseModel, facts: dict[str, Any]) -> None:
    """Give `model` its facts, all at once; called from its model_post_init."""
    object.__setattr__(model, "__pydantic_private__", facts)  # a frozen model refuses plain assignment


def refuse_private_attributes(cls: type[BaseModel]) -> None:
    """For __pydantic_init_subclass__: a PrivateAttr would bring back Pydantic's post-init, whose
    values set_facts then replaces; such a fact belongs in the facts dict."""
    if cls.__private_attributes__:
        names = ", ".join(cls.__private_attributes__)
        raise TypeError(f"{cls.__name__} declares private attributes ({names}); keep them in its facts instead "
                        "(see peerdir.models.facts)")
