// The developer message that lists the skills to the model, in upstream Codex's words and order
// (core-skills render.rs, and what upstream 0.169 sends: test/interop/skills-side-by-side.test.ts):
// `<skills_instructions>`, the list by scope (system, admin, repo, user), then name, then path,
// each line `- name: description (file: path)`. The list gets 2% of the context window (in tokens
// of about 4 bytes); over that, descriptions are shortened evenly, then skills left out, as
// upstream does.
import type { Skill, SkillScope } from "./skills.js";

const OPEN_TAG = "<skills_instructions>";
const CLOSE_TAG = "</skills_instructions>";
const INTRO =
  "A skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Below is the list of skills that can be used. Each entry includes a name, description, and file path so you can open the source for full instructions when using a specific skill.";

const SCOPE_RANK: Record<SkillScope, number> = { system: 0, admin: 1, repo: 2, user: 3 };
const BUDGET_PERCENT_OF_WINDOW = 2;
const BYTES_PER_TOKEN = 4;

/** Skills in the order the model sees them. */
export function orderedSkills(skills: readonly Skill[]): Skill[] {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...skills].sort(
    (a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] || byText(a.name, b.name) || byText(a.path, b.path),
  );
}

const skillLine = (skill: Skill, description: string) =>
  description ? `- ${skill.name}: ${description} (file: ${skill.path})` : `- ${skill.name}: (file: ${skill.path})`;

/** What a line costs against the budget: its tokens (about 4 bytes each) with its newline. */
const lineCost = (line: string) => Math.ceil(Buffer.byteLength(`${line}\n`, "utf8") / BYTES_PER_TOKEN);

/**
 * The lines that fit `budget` tokens: all in full when they fit; else every skill with its
 * description cut to the longest common length that fits (shorter ones kept whole); else, without
 * descriptions, as many skills as fit in order.
 */
function budgetedLines(skills: Skill[], budget: number): string[] {
  const full = skills.map((s) => skillLine(s, s.description));
  if (full.reduce((sum, line) => sum + lineCost(line), 0) <= budget) return full;
  const minimum = skills.map((s) => skillLine(s, ""));
  if (minimum.reduce((sum, line) => sum + lineCost(line), 0) <= budget) {
    const linesAt = (cap: number) => skills.map((s) => skillLine(s, [...s.description].slice(0, cap).join("")));
    const fits = (cap: number) => linesAt(cap).reduce((sum, line) => sum + lineCost(line), 0) <= budget;
    let low = 0;
    let high = Math.max(...skills.map((s) => [...s.description].length));
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(mid)) low = mid;
      else high = mid - 1;
    }
    return linesAt(low);
  }
  const kept: string[] = [];
  let used = 0;
  for (const line of minimum) {
    if (used + lineCost(line) > budget) continue;
    used += lineCost(line);
    kept.push(line);
  }
  return kept;
}

/** The `<skills_instructions>` message text; null without skills. */
export function skillsInstructionsText(skills: readonly Skill[], contextWindow: number | undefined): string | null {
  if (skills.length === 0) return null;
  const budget =
    contextWindow && contextWindow > 0
      ? Math.max(1, Math.floor((contextWindow * BUDGET_PERCENT_OF_WINDOW) / 100))
      : Number.POSITIVE_INFINITY;
  const lines = budgetedLines(orderedSkills(skills), budget);
  const body = ["## Skills", INTRO, "### Available skills", ...lines].join("\n");
  return `${OPEN_TAG}\n${body}\n${CLOSE_TAG}`;
}
