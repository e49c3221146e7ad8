import type { z } from "zod";
import { UserError } from "../util/errors.js";
import { getPath, isTable, type Table } from "../util/tables.js";
import { parseConfigTable, type ConfigToml } from "./schema.js";

/**
 * Checks a config table against the schema. The first problem becomes one line naming
 * where the value came from (`where`: a file or a `-c` flag), the key path and what is
 * expected, e.g. `config.toml: model_reasoning_effort: expected one of ..., got "extreme"`.
 */
export function validateConfigTable(table: Table, where: string): ConfigToml {
  const result = parseConfigTable(table);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new UserError(`${where}: ${issue ? describeIssue(issue, table) : result.error.message}`);
  }
  checkContextAlias(table, where, "");
  for (const [name, profile] of Object.entries(isTable(table.profiles) ? table.profiles : {})) {
    if (isTable(profile)) checkContextAlias(profile, where, `profiles.${name}.`);
  }
  return result.data;
}

/** `context_length` is an alias of `model_context_window`: both with different values is an error. */
export function checkContextAlias(table: Table, where: string, prefix: string): void {
  const alias = table.context_length;
  const canonical = table.model_context_window;
  if (alias !== undefined && canonical !== undefined && alias !== canonical) {
    throw new UserError(
      `${where}: ${prefix}context_length (${show(alias)}) and ${prefix}model_context_window (${show(canonical)}) disagree; ` +
        `context_length is an alias of model_context_window, so set only one`,
    );
  }
}

function describeIssue(issue: z.core.$ZodIssue, table: Table): string {
  const keyPath = issue.path.map(String).join(".") || "(top level)";
  const got = getPath(table, issue.path.map(String));
  let expected: string;
  switch (issue.code) {
    case "invalid_value":
      expected = `expected one of ${issue.values.map(String).join("|")}`;
      break;
    case "invalid_type":
      expected = `expected ${article(issue.expected)}`;
      break;
    case "too_small":
      expected =
        issue.origin === "string"
          ? "expected a non-empty string"
          : `expected a number ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
      break;
    // zod's own message says it well enough.
    case "invalid_format":
    case "invalid_key":
    case "invalid_element":
    case "invalid_union":
    case "unrecognized_keys":
    case "too_big":
    case "not_multiple_of":
    case "custom":
      expected = issue.message;
  }
  return got === undefined || issue.code === "custom"
    ? `${keyPath}: ${expected}`
    : `${keyPath}: ${expected}, got ${show(got)}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a table",
    array: "an array",
    int: "an integer",
    number: "a number",
    string: "a string",
    boolean: "a boolean (true or false)",
  };
  return names[type] ?? type;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (typeof value === "object" && value !== null) return "a table";
  return String(value);
}
