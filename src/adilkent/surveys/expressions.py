"""The part of XLSForm's expression language (XPath 1.0 as ODK uses it) that forms here may use
in ``relevant``, ``constraint``, ``calculation``, ``required`` and ``repeat_count`` (no Django).

pyxform checks that a form is well made but never evaluates an expression; the web form does,
so every expression is parsed when a form version is uploaded (:func:`parse`), and one outside
this subset is refused then, with its row, never while a resident is answering.

The subset: ``${name}`` references, ``.`` (the answer being checked), numbers, strings in
single or double quotes, ``= != < <= > >=``, ``and or``, ``+ - * div mod``, unary minus,
parentheses, and the functions in :data:`FUNCTIONS`. Values follow XPath 1.0: a missing or
empty answer is the empty string; ``=`` compares as booleans if one side is a boolean, else as
numbers if one side is a number, else as strings; ``< <= > >=`` compare numbers; a number that
is not one (``number('')``) is NaN, which compares false. A select-multiple answer is its
values separated by spaces (as ODK stores it) or a list. A repeat's answer is a list of its
instances (each a mapping); ``count(${repeat})`` counts them.

>>> expression = parse(". >= 0 and . <= 120")
>>> evaluate(expression, values={}, current="130")
False
>>> evaluate(parse("if(${age} >= 65, 'yes', 'no')"), values={"age": "70"})
'yes'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

Value = str | float | bool | dt.date | list[Any]

_GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr | or_expr "or" and_expr -> or_
?and_expr: eq_expr | and_expr "and" eq_expr -> and_
?eq_expr: rel_expr | eq_expr EQ_OP rel_expr -> compare
?rel_expr: add_expr | rel_expr REL_OP add_expr -> compare
?add_expr: mul_expr | add_expr "+" mul_expr -> add | add_expr "-" mul_expr -> sub
?mul_expr: unary
    | mul_expr "*" unary -> mul
    | mul_expr "div" unary -> div
    | mul_expr "mod" unary -> mod
?unary: primary | "-" unary -> neg
?primary: NUMBER -> number
    | STRING -> string
    | "${" NAME "}" -> ref
    | "." -> current
    | FUNCTION "(" [or_expr ("," or_expr)*] ")" -> call
    | "(" or_expr ")"
EQ_OP: "=" | "!="
REL_OP: "<=" | ">=" | "<" | ">"
NUMBER: /[0-9]+(\.[0-9]*)?|\.[0-9]+/
STRING: /'[^']*'|"[^"]*"/
NAME: /[A-Za-z_][A-Za-z0-9_.\-]*/
FUNCTION: /[A-Za-z_][A-Za-z0-9_\-]*(:[A-Za-z_][A-Za-z0-9_\-]*)?(?=\s*\()/
%ignore /[ \t\r\n]+/
"""


# --- the tree --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class String:
    value: str


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Current:
    pass


@dataclass(frozen=True)
class Operation:
    operator: str  # or and = != < <= > >= + - * div mod neg
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]


Node = Number | String | Ref | Current | Operation | Call


class ExpressionError(ValueError):
    """An expression outside the subset. ``code`` says why (``syntax``, ``function``,
    ``arguments``, ``count``, ``regex``), ``details`` gives what a message needs:
    ``position`` (1-based column), ``found``, ``function``, ``expected``, ``pattern``."""

    def __init__(self, code: str, expression: str, **details: Any) -> None:
        self.code = code
        self.expression = expression
        self.details = details
        super().__init__(f"{code}: {expression!r} {details}")


@v_args(inline=True)
class _Build(Transformer[Token, Node]):
    def number(self, token: Token) -> Node:
        return Number(float(token))

    def string(self, token: Token) -> Node:
        return String(str(token)[1:-1])

    def ref(self, token: Token) -> Node:
        return Ref(str(token))

    def current(self) -> Node:
        return Current()

    def call(self, name: Token, *arguments: Node | None) -> Node:
        return Call(str(name), tuple(a for a in arguments if a is not None))

    def compare(self, left: Node, operator: Token, right: Node) -> Node:
        return Operation(str(operator), (left, right))

    def neg(self, operand: Node) -> Node:
        return Operation("neg", (operand,))

    def _binary(name: str) -> Callable[..., Node]:  # type: ignore[misc]
        def build(self: _Build, left: Node, right: Node) -> Node:
            return Operation(name, (left, right))

        return build

    or_ = _binary("or")
    and_ = _binary("and")
    add = _binary("+")
    sub = _binary("-")
    mul = _binary("*")
    div = _binary("div")
    mod = _binary("mod")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=True)


# --- functions -------------------------------------------------------------------------------

# name: (fewest arguments, most arguments or None for any number)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "string-length": (0, 1),
    "regex": (2, 2),
    "today": (0, 0),
    "int": (1, 1),
    "number": (0, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "count": (1, 1),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "concat": (1, None),
}


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its tree and the names it refers to."""

    source: str
    tree: Node
    references: frozenset[str]


def _check(node: Node, source: str, names: set[str]) -> None:
    if isinstance(node, Ref):
        names.add(node.name)
    elif isinstance(node, Operation):
        for operand in node.operands:
            _check(operand, source, names)
    elif isinstance(node, Call):
        if node.function not in FUNCTIONS:
            raise ExpressionError("function", source, function=node.function)
        fewest, most = FUNCTIONS[node.function]
        count = len(node.arguments)
        if count < fewest or (most is not None and count > most):
            expected = str(fewest) if fewest == most else f"{fewest}–{most if most else '…'}"
            raise ExpressionError("arguments", source, function=node.function, expected=expected)
        if node.function == "count" and not isinstance(node.arguments[0], Ref):
            raise ExpressionError("count", source, function="count")
        if node.function == "regex" and isinstance(node.arguments[1], String):
            pattern = node.arguments[1].value
            try:
                re.compile(pattern)
            except re.error as error:
                raise ExpressionError("regex", source, pattern=pattern, found=str(error)) from None
        for argument in node.arguments:
            _check(argument, source, names)


@lru_cache(maxsize=4096)
def parse(source: str) -> Expression:
    """Parse ``source``; raise :class:`ExpressionError` when it is outside the subset.

    Parsed expressions are immutable and kept (a form's few hundred expressions are parsed
    once per process, not once per page or answer checked); an error is not kept."""
    try:
        tree = _Build().transform(_parser().parse(source))
    except UnexpectedEOF:
        raise ExpressionError("syntax", source, position=len(source) + 1, found="") from None
    except (UnexpectedCharacters, UnexpectedToken) as error:
        found = _found_at(source, error)
        raise ExpressionError("syntax", source, position=error.column, found=found) from None
    except UnexpectedInput as error:  # pragma: no cover - the two above are all LALR raises
        raise ExpressionError("syntax", source, position=0, found="") from error
    names: set[str] = set()
    _check(tree, source, names)
    return Expression(source=source, tree=tree, references=frozenset(names))


def _found_at(source: str, error: UnexpectedInput) -> str:
    token = getattr(error, "token", None)
    if token is not None and getattr(token, "type", "") == "$END":
        return ""
    if token is not None and str(token):
        return str(token)
    start = max(getattr(error, "pos_in_stream", 0) or 0, 0)
    found = re.match(r"\S+", source[start:])
    return found.group(0)[:20] if found else ""


# --- values ----------------------------------------------------------------------------------

_EPOCH = dt.date(1970, 1, 1)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_number(value: Value) -> float:
    """XPath ``number()``; a date (or a text starting with one) is days since 1970-01-01,
    as ODK counts them."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, dt.date):
        return float((value - _EPOCH).days)
    if isinstance(value, list):
        return to_number(to_string(value))
    text = value.strip()
    if _DATE.match(text):
        try:
            return float((dt.date.fromisoformat(text[:10]) - _EPOCH).days)
        except ValueError:
            return math.nan
    if not re.fullmatch(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text):
        return math.nan
    return float(text)


def to_string(value: Value) -> str:
    """XPath ``string()``: whole numbers without ``.0``, NaN as ``NaN``, dates in ISO."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        if number.is_integer():
            return str(int(number))
        return format(Decimal(repr(number)), "f")  # never in exponent form, as XPath writes it
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return " ".join(to_string(v) for v in value if not isinstance(v, Mapping))
    return value


def to_boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        return not (math.isnan(value) or value == 0)
    if isinstance(value, list):
        return bool(value)
    return to_string(value) != ""


def _selected(value: Value) -> list[str]:
    if isinstance(value, list):
        return [to_string(v) for v in value]
    return to_string(value).split()


def _compare(operator: str, left: Value, right: Value) -> bool:
    if operator in {"=", "!="}:
        if isinstance(left, bool) or isinstance(right, bool):
            same = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float | int | dt.date) or isinstance(right, float | int | dt.date):
            same = to_number(left) == to_number(right)
        else:
            same = to_string(left) == to_string(right)
        return same if operator == "=" else not same
    a, b = to_number(left), to_number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def _arithmetic(operator: str, left: Value, right: Value) -> float:
    a, b = to_number(left), to_number(right)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0 or math.isnan(b):
        if operator == "mod" or math.isnan(a) or a == 0 or math.isnan(b):
            return math.nan
        return math.copysign(math.inf, a) * (1 if math.copysign(1, b) > 0 else -1)
    return a / b if operator == "div" else math.fmod(a, b)


@dataclass(frozen=True)
class _Context:
    values: Mapping[str, Any]
    current: Any
    today: dt.date


def _value(raw: Any) -> Value:
    if raw is None:
        return ""
    if isinstance(raw, bool | float | str | dt.date | list):
        return raw
    if isinstance(raw, int):
        return float(raw)
    return str(raw)


def _eval(node: Node, context: _Context) -> Value:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, String):
        return node.value
    if isinstance(node, Ref):
        return _value(context.values.get(node.name))
    if isinstance(node, Current):
        return _value(context.current)
    if isinstance(node, Operation):
        operator = node.operator
        if operator == "or":
            return any(to_boolean(_eval(o, context)) for o in node.operands)
        if operator == "and":
            return all(to_boolean(_eval(o, context)) for o in node.operands)
        if operator == "neg":
            return -to_number(_eval(node.operands[0], context))
        left, right = (_eval(o, context) for o in node.operands)
        if operator in {"=", "!=", "<", "<=", ">", ">="}:
            return _compare(operator, left, right)
        return _arithmetic(operator, left, right)
    return _call(node, context)


def _call(node: Call, context: _Context) -> Value:
    name = node.function
    if name == "if":  # only the branch taken is evaluated
        condition, then, otherwise = node.arguments
        return _eval(then if to_boolean(_eval(condition, context)) else otherwise, context)
    if name == "count":
        raw = context.values.get(node.arguments[0].name)  # type: ignore[union-attr]
        if isinstance(raw, list):
            return float(len(raw))
        return 0.0 if raw in (None, "") else 1.0
    args = [_eval(a, context) for a in node.arguments]
    if name == "selected":
        return to_string(args[1]).strip() in _selected(args[0])
    if name == "count-selected":
        return float(len(_selected(args[0])))
    if name == "string-length":
        return float(len(to_string(args[0] if args else _value(context.current))))
    if name == "regex":
        return re.search(to_string(args[1]), to_string(args[0])) is not None
    if name == "today":
        return context.today
    if name == "int":
        number = to_number(args[0])
        return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))
    if name == "number":
        return to_number(args[0] if args else _value(context.current))
    if name == "coalesce":
        first = to_string(args[0])
        return args[0] if first != "" else args[1]
    if name == "not":
        return not to_boolean(args[0])
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "concat":
        return "".join(to_string(a) for a in args)
    raise ExpressionError("function", "", function=name)  # pragma: no cover - parse refuses


def evaluate(
    expression: Expression | str,
    *,
    values: Mapping[str, Any],
    current: Any = "",
    today: dt.date | None = None,
) -> Value:
    """The value of ``expression`` given the answers so far (``values``: name → answer; a
    repeat's name → its list of instances) and the answer being checked (``current``)."""
    parsed = parse(expression) if isinstance(expression, str) else expression
    return _eval(parsed.tree, _Context(values, current, today or dt.date.today()))


def holds(
    expression: Expression | str,
    *,
    values: Mapping[str, Any],
    current: Any = "",
    today: dt.date | None = None,
) -> bool:
    """``boolean()`` of the value: whether a ``relevant`` or ``constraint`` holds."""
    return to_boolean(evaluate(expression, values=values, current=current, today=today))


def tree_json(expression: Expression | str) -> list[Any]:
    """The parsed tree as plain lists, for the field page's script to evaluate without a
    parser of its own: ``["num", 1.0]``, ``["str", "a"]``, ``["ref", "name"]``, ``["cur"]``,
    ``["op", "=", left, right]``, ``["call", "selected", argument, …]``."""

    def walk(node: Node) -> list[Any]:
        if isinstance(node, Number):
            return ["num", node.value]
        if isinstance(node, String):
            return ["str", node.value]
        if isinstance(node, Ref):
            return ["ref", node.name]
        if isinstance(node, Current):
            return ["cur"]
        if isinstance(node, Operation):
            return ["op", node.operator, *(walk(o) for o in node.operands)]
        return ["call", node.function, *(walk(a) for a in node.arguments)]

    parsed = parse(expression) if isinstance(expression, str) else expression
    return walk(parsed.tree)
