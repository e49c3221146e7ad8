// Shared by the unified-exec tests: a CODEX_HOME whose model catalog gives the model a shell
// type (and whatever else the test puts in its entry), and the model's exec_command and
// write_stdin calls as fake-server steps.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { home } from "../faults/support.js";

export function catalogHome(baseUrl: string, model: string, entry: Record<string, unknown>, extraToml = ""): string {
  const codexHome = home(baseUrl, model, `model_catalog_json = "catalog.json"\n${extraToml}`);
  writeFileSync(
    path.join(codexHome, "catalog.json"),
    JSON.stringify({ models: [{ slug: model, context_window: 100_000, ...entry }] }),
  );
  return codexHome;
}

export const exec = (args: Record<string, unknown>): FakeStep => ({
  function_call: { name: "exec_command", arguments: args },
});
export const write = (args: Record<string, unknown>): FakeStep => ({
  function_call: { name: "write_stdin", arguments: args },
});
