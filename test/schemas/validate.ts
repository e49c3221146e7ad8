// Validates `exec --json` output lines against the upstream event schema, for unit and e2e
// tests: `validateExecEvents(stdout.split("\n").filter(Boolean))`.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

export const EXEC_EVENTS_SCHEMA_PATH = new URL("./exec-events.schema.json", import.meta.url);

export interface ExecEventLineError {
  /** 0-based index of the line in the input. */
  index: number;
  line: string;
  message: string;
}

export interface ExecEventsValidation {
  ok: boolean;
  errors: ExecEventLineError[];
  /** The parsed events of the lines that were valid JSON (in input order). */
  events: unknown[];
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(EXEC_EVENTS_SCHEMA_PATH, "utf8")) as object;
  const ajv = new Ajv({ allErrors: true, discriminator: true, strictRequired: true });
  compiled = ajv.compile(schema);
  return compiled;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return "invalid";
  return errors
    .map(
      (e) =>
        `${e.instancePath || "/"} ${e.message ?? "invalid"}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`,
    )
    .join("; ");
}

/** Check one event object; returns an error message or null. */
export function validateExecEvent(event: unknown): string | null {
  const validate = validator();
  return validate(event) ? null : describe(validate.errors);
}

/**
 * Check each line: it must be a single JSON object matching the schema. Empty strings are
 * reported too (stdout of `exec --json` has nothing but event lines).
 */
export function validateExecEvents(lines: string[]): ExecEventsValidation {
  const errors: ExecEventLineError[] = [];
  const events: unknown[] = [];
  lines.forEach((line, index) => {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (err) {
      errors.push({ index, line, message: `not JSON: ${(err as Error).message}` });
      return;
    }
    events.push(event);
    const problem = validateExecEvent(event);
    if (problem !== null) errors.push({ index, line, message: problem });
  });
  return { ok: errors.length === 0, errors, events };
}

/** Throws with every problem listed when a line does not validate. */
export function assertValidExecEvents(lines: string[]): void {
  const result = validateExecEvents(lines);
  if (!result.ok) {
    throw new Error(
      `invalid exec --json output:\n${result.errors.map((e) => `  line ${e.index + 1}: ${e.message}\n    ${e.line}`).join("\n")}`,
    );
  }
}
