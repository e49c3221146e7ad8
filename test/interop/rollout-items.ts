// Reading the items of a rollout in the interop tests, whichever CLI wrote it.
import { readFileSync } from "node:fs";

export type Item = {
  type: string;
  role?: string;
  name?: string;
  call_id?: string;
  arguments?: string;
  output?: unknown;
  content?: { type: string; text?: string }[];
};

/** The text parts of a message item, joined. */
export const textOf = (i: Item) => (i.content ?? []).map((c) => c.text ?? "").join("");

/** A tool output as text, whether a string, a list of content parts or anything else. */
export const outputText = (o: unknown): string =>
  typeof o === "string"
    ? o
    : Array.isArray(o)
      ? o.map((p: { text?: string }) => p.text ?? "").join("")
      : JSON.stringify(o);

/** The records of a rollout file. */
export const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> });
