import { describe, expect, it } from "vitest";
import { frontMatter, type Skill } from "./skills.js";
import { skillsInstructionsText } from "./skills-prompt.js";

const skill = (name: string, description: string, scope: Skill["scope"] = "user"): Skill => ({
  name,
  description,
  path: `/skills/${name}/SKILL.md`,
  scope,
});

const listed = (text: string | null) =>
  (text ?? "").split("\n").filter((line) => line.startsWith("- ") && line.includes("(file: "));

describe("the skills message", () => {
  it("lists system, admin, repo then user skills, each scope by name", () => {
    const text = skillsInstructionsText(
      [skill("b-user", "B."), skill("a-user", "A."), skill("z-repo", "Z.", "repo"), skill("sys", "S.", "system")],
      200_000,
    );
    expect(listed(text)).toEqual([
      "- sys: S. (file: /skills/sys/SKILL.md)",
      "- z-repo: Z. (file: /skills/z-repo/SKILL.md)",
      "- a-user: A. (file: /skills/a-user/SKILL.md)",
      "- b-user: B. (file: /skills/b-user/SKILL.md)",
    ]);
    expect(skillsInstructionsText([], 200_000)).toBeNull();
  });

  it("over 2% of the window: descriptions shortened evenly first, then skills left out", () => {
    const long = "x".repeat(400);
    // 2% of 3,000 tokens = 60 tokens of about 4 bytes: both lines fit only with shorter descriptions.
    const shortened = listed(skillsInstructionsText([skill("one", long), skill("two", long)], 3_000));
    expect(shortened).toHaveLength(2);
    const kept = shortened.map((line) => /: (x*) \(file/.exec(line)?.[1]?.length ?? 0);
    expect(kept[0]).toBeGreaterThan(0);
    expect(kept[0]).toBeLessThan(400);
    expect(Math.abs((kept[0] ?? 0) - (kept[1] ?? 0))).toBeLessThanOrEqual(1);
    // 2% of 800 tokens = 16 tokens: one line without its description (9 tokens), the other left out.
    expect(listed(skillsInstructionsText([skill("one", long), skill("two", long)], 800))).toEqual([
      "- one: (file: /skills/one/SKILL.md)",
    ]);
  });
});

describe("SKILL.md front matter", () => {
  it("reads plain, quoted and block values of name and description", () => {
    expect(frontMatter('---\nname: "quoted: yes"\ndescription: plain # a comment\n---\nbody')).toEqual({
      name: "quoted: yes",
      description: "plain",
    });
    expect(frontMatter("---\nname: 'it''s'\ndescription: |\n  line one\n  line two\nother: x\n---\n")).toEqual({
      name: "it's",
      description: "line one\nline two",
    });
    expect(frontMatter("no front matter")).toBeNull();
    expect(frontMatter("---\nname: never closed\n")).toBeNull();
  });
});
