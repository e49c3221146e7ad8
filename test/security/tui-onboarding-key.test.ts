// Issue 29, items 3 and 7: a key typed during onboarding reaches the session's redactor before
// anything can print it. In a real terminal (tmux) the first run's onboarding takes a long key,
// then, in the same UI session, the model has a command print it (a notes file holds it): the
// screen, the rollout, the logs and what the model is sent next show [REDACTED], never the key.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, filesUnder, repo, useFakeServer } from "../faults/support.js";
import { baseEnv, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";

const MODEL = `onboard-key-${process.pid}`;
const KEY = `sk-typed-in-onboarding-${"0123456789abcdefghijklmnopqrstuvwxyz".repeat(3)}-end`;
/** Every 12-character piece of the key: none may be found anywhere. */
const pieces = Array.from({ length: KEY.length - 11 }, (_, i) => KEY.slice(i, i + 12));

const fake = useFakeServer({ apiKey: KEY, models: [MODEL] });
const terminals: TmuxTerminal[] = [];
afterAll(() => {
  for (const t of terminals) t.kill();
});

describe.skipIf(!hasTmux)("a key typed during onboarding, then printed by a command", () => {
  it("is [REDACTED] on the screen, in the rollout, the logs and the model's next request", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, "notes.txt"), `deploy key: ${KEY}\n`);
    const home = tempHome();
    cleanup.push(home);
    const env = baseEnv(home);
    fake.server.setScript(MODEL, [{ shell: ["cat", "notes.txt"] }, { text: "printed the notes" }]);
    const term = new TmuxTerminal([], env, { cwd: dir });
    terminals.push(term);
    await term.waitFor("Welcome to codex-litellm");
    term.type(fake.server.url.replace(/\/v1$/, ""));
    term.press("Enter");
    await term.waitFor("is reachable");
    term.type(KEY);
    term.press("Enter");
    await term.waitFor("Default model");
    term.type(MODEL);
    term.press("Enter");
    await term.waitFor("Context window in tokens");
    term.press("Enter");
    await term.waitFor("Trust this folder?", 60_000);
    term.press("Enter");
    await term.waitFor("Ask anything", 60_000);
    term.type("show me notes.txt");
    term.press("Enter");
    await term.waitFor("printed the notes", 60_000);
    const screen = await term.waitFor("[REDACTED]");
    expect(screen).toContain("deploy key: [REDACTED]");
    for (const piece of pieces) expect(screen.includes(piece), `the screen shows ${piece}`).toBe(false);

    const requests = fake.server.requests(MODEL);
    expect(requests).toHaveLength(2);
    const sent = JSON.stringify(requests.map((r) => r.body));
    expect(sent).toContain("deploy key: [REDACTED]");
    const written = filesUnder(home).filter((f) => ![".env", "config.toml"].includes(path.basename(f)));
    expect(written.some((f) => f.includes(`${path.sep}sessions${path.sep}`))).toBe(true);
    for (const [where, text] of [
      ["the model's requests", sent],
      ...written.map((f) => [f, readFileSync(f, "utf8")]),
    ] as [string, string][])
      for (const piece of pieces) expect(text.includes(piece), `${where} holds ${piece}`).toBe(false);
  });
});
