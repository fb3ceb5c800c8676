"""YAML for knowledge files, read defensively: no aliases, bounded nesting, the C parser when present.

A figures or aliases file may come from a Telegram upload, so it is read as hostile: an alias
bomb (500 bytes that reference each other into billions of items), a 20,000-deep '[[[…' that
makes PyYAML's recursive composer overflow, or a megabyte of keys for the slow pure-Python parser.
One pass over the parser's events (iterative, in C when libyaml is installed) refuses the first
two at their line before anything is composed; composing then recurses at most MAX_DEPTH deep.
"""

from __future__ import annotations

import yaml

# The figures format nests three deep (file → list of figures → one figure); ten leaves room
# for hand-written variations and stops a hostile nesting long before Python's recursion limit.
MAX_DEPTH = 10

FastSafeLoader: type = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

# A value repeated in a message is cut here: the message names the field; the file has the rest.
MAX_SHOWN_CHARS = 60

ALIAS_MESSAGE = "aliases (*name) are not allowed in knowledge files; write the value out in full"


# The contexts in which PyYAML and libyaml report something opened and never closed.
_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow")


class RefusedYAML(yaml.MarkedYAMLError):
    """Well-formed YAML that a knowledge file may not contain (aliases, deep nesting)."""


def check_events(text: str) -> None:
    """Walk the parse events once; raise RefusedYAML at an alias or at nesting beyond MAX_DEPTH.

    A syntax error at the end of the file while a '[' or '{' is still open is about that bracket:
    the error is moved to the line where it opens.
    """
    open_collections: list[tuple[bool, yaml.Mark]] = []  # (flow style, where it opens)
    try:
        for event in yaml.parse(text, Loader=FastSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise RefusedYAML(problem=ALIAS_MESSAGE, problem_mark=event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections.append((bool(event.flow_style), event.start_mark))
                if len(open_collections) > MAX_DEPTH:
                    raise RefusedYAML(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                open_collections.pop()
    except yaml.MarkedYAMLError as error:
        flow_openers = [mark for flow, mark in open_collections if flow]
        at_end = error.problem_mark is not None and error.problem_mark.index >= len(text.rstrip())
        if flow_openers and at_end and not isinstance(error, RefusedYAML):
            error.context, error.context_mark = "while parsing a flow collection never closed", flow_openers[-1]
        raise


def compose(text: str, loader: type = FastSafeLoader) -> yaml.Node | None:
    """The node tree of one YAML document (which knows line numbers), after check_events."""
    return load(text, loader)[0]


def load(text: str, loader: type = FastSafeLoader) -> tuple[yaml.Node | None, object]:
    """The node tree and the Python value of one YAML document, after check_events."""
    check_events(text)
    instance = loader(text)
    try:
        root = instance.get_single_node()
        return root, None if root is None else instance.construct_document(root)
    finally:
        instance.dispose()


def error_line(error: yaml.YAMLError) -> int:
    """The 1-based line to show for a YAML error: where an unclosed quote or bracket opens (the
    parser notices only at the end of the file, or lines later), else where it noticed."""
    context = getattr(error, "context", None) or ""
    opener = getattr(error, "context_mark", None)
    if opener is not None and context.startswith(_UNCLOSED):
        return opener.line + 1
    mark = getattr(error, "problem_mark", None) or opener
    return mark.line + 1 if mark is not None else 1


def error_message(error: yaml.YAMLError) -> str:
    """'YAML syntax error: …' (saying where the parser noticed it, when that is another line), or
    what a knowledge file may not contain."""
    details = [getattr(error, "context", None), getattr(error, "problem", None)]
    reason = ": ".join(part for part in details if part) or str(error)
    if isinstance(error, RefusedYAML):
        return reason
    noticed = getattr(error, "problem_mark", None)
    if noticed is not None and noticed.line + 1 != error_line(error):
        reason += f" (noticed at line {noticed.line + 1})"
    return f"YAML syntax error: {reason}"


def shown(value: object) -> str:
    """repr(value) for a message, shortened to MAX_SHOWN_CHARS."""
    return cut(repr(value))


def cut(text: str) -> str:
    """Text for a message, shortened to MAX_SHOWN_CHARS."""
    return text if len(text) <= MAX_SHOWN_CHARS else f"{text[:MAX_SHOWN_CHARS - 1]}…"
