/* A form's expressions evaluated in the browser, from the trees the server parsed
 * (surveys/expressions.py, `tree_json`): the same XPath 1.0 subset with the same rules for
 * values, so that the field page shows and checks what the server will. No parser here.
 *
 * Trees: ["num", 1], ["str", "a"], ["ref", "name"], ["cur"], ["op", "=", left, right],
 * ["call", "selected", argument, …]. Values: a string, a number, a boolean, a Day (a date)
 * or a list (a select_multiple's choices, or a repeat's instances). */

const DAY_MS = 86400000;

export class Day {
  constructor(iso) {
    this.iso = iso;
  }
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return new Day(`${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`);
}

function daysOf(iso) {
  const time = Date.parse(iso.slice(0, 10) + "T00:00:00Z");
  return Number.isNaN(time) ? NaN : Math.round(time / DAY_MS);
}

export function toNumber(value) {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (value instanceof Day) return daysOf(value.iso);
  if (Array.isArray(value)) return toNumber(toText(value));
  const text = String(value ?? "").trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return daysOf(text);
  if (!/^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(text)) return NaN;
  return Number(text);
}

export function toText(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  if (value instanceof Day) return value.iso;
  if (Array.isArray(value)) {
    return value.filter((v) => typeof v !== "object" || v instanceof Day).map(toText).join(" ");
  }
  return String(value ?? "");
}

export function toBoolean(value) {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return !(Number.isNaN(value) || value === 0);
  if (Array.isArray(value)) return value.length > 0;
  return toText(value) !== "";
}

function chosen(value) {
  return Array.isArray(value) ? value.map(toText) : toText(value).split(/\s+/).filter(Boolean);
}

function isNumberLike(value) {
  return typeof value === "number" || value instanceof Day;
}

function compare(operator, left, right) {
  if (operator === "=" || operator === "!=") {
    let same;
    if (typeof left === "boolean" || typeof right === "boolean") {
      same = toBoolean(left) === toBoolean(right);
    } else if (isNumberLike(left) || isNumberLike(right)) {
      same = toNumber(left) === toNumber(right);
    } else {
      same = toText(left) === toText(right);
    }
    return operator === "=" ? same : !same;
  }
  const a = toNumber(left);
  const b = toNumber(right);
  return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b }[operator];
}

function arithmetic(operator, left, right) {
  const a = toNumber(left);
  const b = toNumber(right);
  if (operator === "+") return a + b;
  if (operator === "-") return a - b;
  if (operator === "*") return a * b;
  if (operator === "mod") return b === 0 ? NaN : a % b;
  return a / b;
}

function given(raw) {
  return raw === undefined || raw === null ? "" : raw;
}

function run(node, context) {
  switch (node[0]) {
    case "num":
    case "str":
      return node[1];
    case "ref":
      return given(context.values[node[1]]);
    case "cur":
      return given(context.current);
    case "op":
      return operation(node, context);
    default:
      return call(node, context);
  }
}

function operation(node, context) {
  const operator = node[1];
  const operands = node.slice(2);
  if (operator === "or") return operands.some((o) => toBoolean(run(o, context)));
  if (operator === "and") return operands.every((o) => toBoolean(run(o, context)));
  if (operator === "neg") return -toNumber(run(operands[0], context));
  const [left, right] = operands.map((o) => run(o, context));
  if (["=", "!=", "<", "<=", ">", ">="].includes(operator)) return compare(operator, left, right);
  return arithmetic(operator, left, right);
}

function call(node, context) {
  const name = node[1];
  const argumentTrees = node.slice(2);
  if (name === "if") {
    const [condition, then, otherwise] = argumentTrees;
    return run(toBoolean(run(condition, context)) ? then : otherwise, context);
  }
  if (name === "count") {
    const raw = context.values[argumentTrees[0][1]];
    if (Array.isArray(raw)) return raw.length;
    return raw === undefined || raw === null || raw === "" ? 0 : 1;
  }
  const args = argumentTrees.map((a) => run(a, context));
  switch (name) {
    case "selected":
      return chosen(args[0]).includes(toText(args[1]).trim());
    case "count-selected":
      return chosen(args[0]).length;
    case "string-length":
      return [...toText(args.length ? args[0] : given(context.current))].length;
    case "regex":
      return new RegExp(toText(args[1]), "u").test(toText(args[0]));
    case "today":
      return today();
    case "int": {
      const number = toNumber(args[0]);
      return Number.isFinite(number) ? Math.trunc(number) : number;
    }
    case "number":
      return toNumber(args.length ? args[0] : given(context.current));
    case "coalesce":
      return toText(args[0]) !== "" ? args[0] : args[1];
    case "not":
      return !toBoolean(args[0]);
    case "true":
      return true;
    case "false":
      return false;
    case "concat":
      return args.map(toText).join("");
    default:
      throw new Error(`unsupported function ${name}`);
  }
}

/** The value of a tree, given the answers so far by name and the answer being checked. */
export function evaluate(tree, values, current = "") {
  return run(tree, { values, current });
}

/** Whether a `relevant` or `constraint` holds. */
export function holds(tree, values, current = "") {
  return toBoolean(evaluate(tree, values, current));
}
