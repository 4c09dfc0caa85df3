"""The expression evaluator: the skip logic and constraints of the example form behave as ODK
defines them, XPath's comparison and arithmetic rules hold (checked on many values), and an
expression outside the subset is refused when it is parsed, naming what is wrong."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adilkent.surveys.expressions import (
    FUNCTIONS,
    ExpressionError,
    evaluate,
    holds,
    parse,
    to_string,
)

AGE = ". >= 0 and . <= 120"
BARRIERS_ASKED = "${reach_health} = 'no' or ${reach_health} = 'partly'"
NONE_ALONE = "not(selected(., 'none') and count-selected(.) > 1)"


@pytest.mark.parametrize(
    ("reach", "asked"), [("no", True), ("partly", True), ("yes", False), ("", False)]
)
def test_barriers_are_asked_only_when_the_service_was_not_reached(reach: str, asked: bool) -> None:
    assert holds(BARRIERS_ASKED, values={"reach_health": reach}) is asked


@pytest.mark.parametrize(
    ("needed", "asked"),
    [("health legal", True), ("legal", False), ("", False), (["education", "health"], True)],
)
def test_a_service_group_is_asked_when_the_service_was_needed(
    needed: str | list[str], asked: bool
) -> None:
    expression = "selected(${services_needed}, 'health')"
    assert holds(expression, values={"services_needed": needed}) is asked


@pytest.mark.parametrize(
    ("age", "valid"),
    [("0", True), ("120", True), ("35", True), ("121", False), ("-1", False), ("abc", False)],
)
def test_the_age_constraint(age: str, valid: bool) -> None:
    assert holds(AGE, values={}, current=age) is valid


@pytest.mark.parametrize(
    ("chosen", "valid"),
    [("none", True), ("health", True), ("health social", True), ("none health", False)],
)
def test_none_of_these_cannot_be_chosen_with_a_service(chosen: str, valid: bool) -> None:
    assert holds(NONE_ALONE, values={}, current=chosen) is valid


def test_calculations_of_the_example_form() -> None:
    members = [{"member_age": "40"}, {"member_age": "9"}]
    assert evaluate("count(${member}) + 1", values={"member": members}) == 3
    assert evaluate("count(${member}) + 1", values={}) == 1
    assert evaluate("if(${age} >= 65, 'yes', 'no')", values={"age": "70"}) == "yes"
    assert evaluate("if(${age} >= 65, 'yes', 'no')", values={"age": "64"}) == "no"
    assert evaluate("if(${age} >= 65, 'yes', 'no')", values={}) == "no"


def test_the_other_functions() -> None:
    day = dt.date(2026, 3, 1)
    assert holds("string-length(.) <= 5", values={}, current="abcde")
    assert not holds("string-length(.) <= 5", values={}, current="abcdef")
    assert evaluate("string-length('ağaç')", values={}) == 4
    assert holds("regex(., '^[0-9]{5}$')", values={}, current="35220")
    assert not holds("regex(., '^[0-9]{5}$')", values={}, current="3522")
    assert evaluate("today()", values={}, today=day) == day
    assert holds("${d} < today()", values={"d": "2026-02-28"}, today=day)
    assert not holds("${d} < today()", values={"d": "2026-03-01"}, today=day)
    assert evaluate("int(7.9)", values={}) == 7
    assert evaluate("int(-7.9)", values={}) == -7
    assert evaluate("number('12.5')", values={}) == 12.5
    assert math.isnan(evaluate("number('x')", values={}))  # type: ignore[arg-type]
    assert evaluate("coalesce(${a}, 'none')", values={}) == "none"
    assert evaluate("coalesce(${a}, 'none')", values={"a": "x"}) == "x"
    assert evaluate("count-selected(${s})", values={"s": "a b  c"}) == 3
    assert evaluate("concat('a', 1, true())", values={}) == "a1true"
    assert evaluate("7 mod 3", values={}) == 1
    assert evaluate("-7 mod 3", values={}) == -1
    assert evaluate("7 div 2", values={}) == 3.5
    assert evaluate("1 div 0", values={}) == math.inf
    assert evaluate("(1 + 2) * 3 - -1", values={}) == 10


def test_xpath_comparison_rules() -> None:
    assert holds("${a} = 5", values={"a": "5.0"})  # a number on one side: numbers
    assert not holds("${a} = '5'", values={"a": "5.0"})  # strings on both: strings
    assert not holds("${a} = 0", values={"a": ""})  # '' is NaN as a number
    assert holds("${a} = ''", values={"a": ""})
    assert not holds("${a} < 1", values={})  # NaN compares false
    assert holds("${a} = true()", values={"a": "x"})  # a boolean side: booleans
    assert holds("${a} != ${b}", values={"a": "x", "b": "y"})


def test_an_unanswered_reference_is_empty() -> None:
    assert evaluate("${nothing}", values={}) == ""
    assert not holds("${nothing}", values={})


@given(st.integers(-10_000, 10_000), st.integers(-10_000, 10_000))
def test_arithmetic_and_comparison_agree_with_integers(a: int, b: int) -> None:
    values = {"a": str(a), "b": str(b)}
    assert evaluate("${a} + ${b}", values=values) == a + b
    assert evaluate("${a} - ${b}", values=values) == a - b
    assert evaluate("${a} * ${b}", values=values) == a * b
    assert holds("${a} < ${b}", values=values) is (a < b)
    assert holds("${a} >= ${b}", values=values) is (a >= b)
    assert holds("${a} = ${b} + 0", values=values) is (a == b)
    if b != 0:
        quotient = evaluate("${a} div ${b}", values=values)
        remainder = evaluate("${a} mod ${b}", values=values)
        assert evaluate("int(${a} div ${b})", values=values) == math.trunc(quotient)  # type: ignore[arg-type]
        # XPath's mod keeps the dividend's sign: a = b * trunc(a div b) + a mod b
        assert b * math.trunc(a / b) + remainder == a


@given(st.integers(-1_000, 1_000))
def test_the_age_constraint_holds_exactly_between_0_and_120(age: int) -> None:
    assert holds(AGE, values={}, current=str(age)) is (0 <= age <= 120)


@given(st.text(alphabet=st.characters(blacklist_characters="'"), max_size=30))
def test_a_quoted_text_reads_back_as_itself(text: str) -> None:
    assert evaluate(f"'{text}'", values={}) == text
    assert evaluate(f"string-length('{text}')", values={}) == len(text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_numbers_print_as_they_parse(number: float) -> None:
    assert evaluate(f"number('{to_string(number)}')", values={}) == pytest.approx(number)


def test_references_are_listed() -> None:
    parsed = parse("selected(${a}, 'x') and ${b-c.d} > count(${r})")
    assert parsed.references == {"a", "b-c.d", "r"}


@pytest.mark.parametrize(
    ("source", "code", "detail"),
    [
        ("pulldata('households', 'size', 'id', ${id})", "function", "pulldata"),
        ("jr:choice-name(${m}, '${m}')", "function", "jr:choice-name"),
        ("round(${a}, 1) > 2", "function", "round"),
        ("if(${a} > 1, 'x')", "arguments", "if"),
        ("selected(${a})", "arguments", "selected"),
        ("today(1)", "arguments", "today"),
        ("count('x')", "count", "count"),
        ("regex(., '([0-9]')", "regex", "([0-9]"),
        ("../age > 3", "syntax", None),
        ("/data/age > 3", "syntax", None),
        ("${age} >", "syntax", None),
        ("age > 3", "syntax", None),
        ("${age} => 3", "syntax", None),
    ],
)
def test_expressions_outside_the_subset_are_refused_when_parsed(
    source: str, code: str, detail: str | None
) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)
    assert raised.value.code == code
    assert raised.value.expression == source
    if code in {"function", "arguments", "count"}:
        assert raised.value.details["function"] == detail
    if code == "regex":
        assert raised.value.details["pattern"] == detail
    if code == "syntax":
        assert 1 <= raised.value.details["position"] <= len(source) + 1


def test_the_subset_is_the_one_documented() -> None:
    assert set(FUNCTIONS) == {
        "selected", "count-selected", "string-length", "regex", "today", "int", "number",
        "if", "coalesce", "count", "not", "true", "false", "concat",
    }  # fmt: skip


def test_the_form_reader_and_the_evaluator_import_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import adilkent.surveys.expressions, adilkent.surveys.xlsform; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
