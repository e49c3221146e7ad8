// Upstream's `personality` through the built CLI: a model catalog entry whose
// `model_messages.instructions_template` has `{{ personality }}` gets the configured personality's
// text there (`personality_default` when none is set, nothing for `none`), as upstream builds the
// model's instructions; a profile may set it; an entry without a template keeps its base_instructions.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: "sk-personality" });
});
afterAll(() => server.close());

const TEMPLATE = "You are the catalog agent.\n{{ personality }}\nWork carefully.";
const VARIABLES = {
  personality_default: "PERSONA-DEFAULT",
  personality_friendly: "PERSONA-FRIENDLY",
  personality_pragmatic: "PERSONA-PRAGMATIC",
};

async function sent(toml: string, withTemplate = true): Promise<string> {
  const model = withTemplate ? "persona-model" : "plain-persona-model";
  const home = tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\nmodel_catalog_json = "catalog.json"\n${toml}\n` +
      `[model_providers.litellm]\nbase_url = "${server.url}"\nenv_key = "LITELLM_API_KEY"\n`,
  );
  const entry = withTemplate
    ? {
        slug: model,
        base_instructions: "BASE-ONLY",
        model_messages: { instructions_template: TEMPLATE, instructions_variables: VARIABLES },
      }
    : { slug: model, base_instructions: "BASE-ONLY" };
  writeFileSync(path.join(home, "catalog.json"), JSON.stringify({ models: [entry] }));
  server.setScript(model, [{ text: "ok" }]);
  const r = await runCli(["exec", "-C", makeRepo(), "hello"], { home, env: { LITELLM_API_KEY: "sk-personality" } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.stringify(server.requests(model).at(-1)?.body);
}

describe("personality", () => {
  it("unset: the template's default personality text", async () => {
    const body = await sent("");
    expect(body).toContain("You are the catalog agent.\\nPERSONA-DEFAULT\\nWork carefully.");
    expect(body).not.toContain("BASE-ONLY");
  });

  it.each([
    ["friendly", "PERSONA-FRIENDLY"],
    ["pragmatic", "PERSONA-PRAGMATIC"],
  ])("personality = %s: that text fills the template", async (personality, text) => {
    const body = await sent(`personality = "${personality}"`);
    expect(body).toContain(`You are the catalog agent.\\n${text}\\nWork carefully.`);
    expect(body).not.toContain("PERSONA-DEFAULT");
  });

  it('personality = "none": the placeholder is removed', async () => {
    const body = await sent('personality = "none"');
    expect(body).toContain("You are the catalog agent.\\n\\nWork carefully.");
    expect(body).not.toMatch(/PERSONA-/);
  });

  it("a profile may set it", async () => {
    const body = await sent('profile = "kind"\n[profiles.kind]\npersonality = "friendly"');
    expect(body).toContain("PERSONA-FRIENDLY");
  });

  it("an entry without a template keeps its base_instructions", async () => {
    const body = await sent('personality = "friendly"', false);
    expect(body).toContain("BASE-ONLY");
  });
});
