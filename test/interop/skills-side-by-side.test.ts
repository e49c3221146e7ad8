// Skills side by side with the real upstream Codex: the same SKILL.md files (in CODEX_HOME, in
// ~/.agents and in the repository), the same prompt, both requests recorded at the fake server.
// Upstream also lists the system skills it extracts into CODEX_HOME/skills/.system; apart from
// those, the skills message is the same text, at the same place among the messages.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../e2e/exec-scenario.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { describeRun, requireOrSkip, runUpstream, sharedConfigToml } from "./upstream-peer.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const peer = await requireOrSkip("skills-side-by-side.test.ts");

const fake = useFakeServer({ apiKey: "sk-skills" });

type Body = { input: { type?: string; role?: string; content?: { text?: string }[] }[] };

/**
 * The skills text of a request (the content part that opens with `<skills_instructions>`), where
 * its message stands counted from the end (before it come each side's own instructions), and its
 * role. Its lines are compared without what differs by design: upstream's system skills (under
 * skills/.system, which it extracts itself), the root aliases upstream uses when its many system
 * skills press on the budget (expanded back to paths), the intro that names them, and the homes.
 */
function skillsPart(body: Body, home: string): { at: number; role: string; lines: string[] } | null {
  const messages = body.input.filter((item) => item.type === "message");
  const at = messages.findIndex((m) => (m.content ?? []).some((c) => c.text?.startsWith("<skills_instructions>")));
  const text = messages[at]?.content?.find((c) => c.text?.startsWith("<skills_instructions>"))?.text;
  if (text === undefined) return null;
  const roots = new Map<string, string>();
  for (const match of text.matchAll(/^- `(r\d+)` = `(.*)`$/gm)) roots.set(match[1] ?? "", match[2] ?? "");
  const lines = text
    .split("\n")
    .filter((line) => !line.startsWith("A skill is") && line !== "### Skill roots" && !/^- `r\d+` = /.test(line))
    .map((line) => line.replace(/\(file: (r\d+)\//, (_, alias: string) => `(file: ${roots.get(alias) ?? alias}/`))
    .filter((line) => !line.includes(`${path.sep}.system${path.sep}`))
    .map((line) => line.split(home).join("~"));
  return { at: at - messages.length, role: messages[at]?.role ?? "", lines };
}

function writeSkill(dir: string, name: string, description: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "SKILL.md"), `---\nname: ${name}\ndescription: ${description}\n---\n\nDo it.\n`);
}

/** A home outside /tmp (upstream refuses to set itself up under a temporary folder) with three skills. */
function homeWithSkills(model: string, repo: string): string {
  const home = scratchDir("skills-peer-");
  cleanup.push(home);
  writeFileSync(path.join(home, "config.toml"), sharedConfigToml({ model, baseUrl: fake.server.url }));
  writeSkill(path.join(home, "skills"), "notes", "Write release notes.");
  writeSkill(path.join(home, ".agents", "skills"), "agents-skill", "From the user's agents folder.");
  writeSkill(path.join(repo, ".agents", "skills"), "repo-skill", "From the repository.");
  return home;
}

describe.skipIf(!peer.available)("skills side by side with upstream Codex", () => {
  it("the same skills message, at the same place", async () => {
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const upHome = homeWithSkills("skills-up", repo);
    const ourHome = homeWithSkills("skills-ours", repo);
    fake.server.setScript("skills-up", [{ text: "ok" }]);
    fake.server.setScript("skills-ours", [{ text: "ok" }]);
    const env = { LITELLM_API_KEY: "sk-skills" };
    const up = await runUpstream(["exec", "--skip-git-repo-check", "-C", repo, "Say ok."], {
      codexHome: upHome,
      cwd: repo,
      env,
      timeoutMs: 60_000,
    });
    expect(up.code, describeRun("upstream", up)).toBe(0);
    const ours = await runCli(["exec", "-C", repo, "Say ok."], { home: ourHome, env, timeoutMs: 60_000 });
    expect(ours.code, ours.stderr).toBe(0);
    const upBody = fake.server.requests("skills-up").find((q) => q.wire === "responses")?.body as Body;
    const ourBody = fake.server.requests("skills-ours").find((q) => q.wire === "responses")?.body as Body;
    const upSkills = skillsPart(upBody, upHome);
    const ourSkills = skillsPart(ourBody, ourHome);
    expect(upSkills).not.toBeNull();
    expect(ourSkills?.lines).toEqual(upSkills?.lines);
    expect(ourSkills?.role).toBe(upSkills?.role);
    expect(ourSkills?.at).toBe(upSkills?.at);
  }, 120_000);
});
