import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverProjectDocs, findGitRoot } from "./project-docs.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder with a CODEX_HOME, a repository (with .git) and a folder outside both. */
function layout() {
  const base = mkdtempSync(path.join(os.tmpdir(), "cl-docs-"));
  dirs.push(base);
  const home = path.join(base, "home");
  const repo = path.join(base, "repo");
  const outside = path.join(base, "outside");
  for (const dir of [home, path.join(repo, ".git"), path.join(repo, "sub"), outside])
    mkdirSync(dir, { recursive: true });
  return { home, repo, outside };
}

const discover = (home: string, cwd: string, fallbackFilenames?: string[]) =>
  discoverProjectDocs({ codexHome: home, cwd, maxBytes: 32 * 1024, fallbackFilenames });

describe("discoverProjectDocs", () => {
  it("reads the global doc, then the repository's docs from the root down to cwd", async () => {
    const { home, repo } = layout();
    writeFileSync(path.join(home, "AGENTS.md"), "global rules");
    writeFileSync(path.join(repo, "AGENTS.md"), "root rules");
    writeFileSync(path.join(repo, "sub", "AGENTS.md"), "sub rules");
    const docs = await discover(home, path.join(repo, "sub"));
    expect(docs.files).toEqual([
      path.join(home, "AGENTS.md"),
      path.join(repo, "AGENTS.md"),
      path.join(repo, "sub", "AGENTS.md"),
    ]);
    expect(docs.text).toContain("global rules");
    expect(docs.text).toContain("root rules\n\nsub rules");
    expect(docs.warnings).toEqual([]);
  });

  it("follows a link that stays inside the repository", async () => {
    const { home, repo } = layout();
    mkdirSync(path.join(repo, "docs"));
    writeFileSync(path.join(repo, "docs", "agents.md"), "linked rules");
    symlinkSync("docs/agents.md", path.join(repo, "AGENTS.md"));
    const docs = await discover(home, repo);
    expect(docs.text).toBe("linked rules");
    expect(docs.warnings).toEqual([]);
  });

  it("never reads a project doc linked to /proc/self/environ, /dev or a file outside the repository; warns once per doc, naming it", async () => {
    const { home, repo, outside } = layout();
    writeFileSync(path.join(outside, "notes.md"), "OUTSIDE-CONTENT");
    symlinkSync("/proc/self/environ", path.join(repo, "AGENTS.md"));
    symlinkSync("/dev/zero", path.join(repo, "sub", "AGENTS.override.md"));
    symlinkSync(path.join(outside, "notes.md"), path.join(repo, "sub", "AGENTS.md"));
    const docs = await discover(home, path.join(repo, "sub"));
    expect(docs.text).toBeNull();
    expect(docs.files).toEqual([]);
    expect(docs.warnings).toEqual([
      `skipped ${path.join(repo, "AGENTS.md")}: it resolves to /proc/${process.pid}/environ, which is a system file`,
      `skipped ${path.join(repo, "sub", "AGENTS.override.md")}: it resolves to /dev/zero, which is a system file`,
      `skipped ${path.join(repo, "sub", "AGENTS.md")}: it resolves to ${path.join(outside, "notes.md")}, which is outside the project (${repo})`,
    ]);
  });

  it("goes on to the next name when one is skipped", async () => {
    const { home, repo } = layout();
    symlinkSync("/proc/self/environ", path.join(repo, "AGENTS.md"));
    writeFileSync(path.join(repo, "CLAUDE.md"), "fallback rules");
    const docs = await discover(home, repo, ["CLAUDE.md"]);
    expect(docs.text).toBe("fallback rules");
    expect(docs.warnings).toHaveLength(1);
  });

  it("skips what is not a regular file (a FIFO would hang the start; a folder) without blocking", async () => {
    const { home, repo } = layout();
    execFileSync("mkfifo", [path.join(repo, "AGENTS.md")]);
    mkdirSync(path.join(repo, "sub", "AGENTS.md"));
    const docs = await discover(home, path.join(repo, "sub"));
    expect(docs.text).toBeNull();
    expect(docs.warnings).toEqual([
      `skipped ${path.join(repo, "AGENTS.md")}: it is not a regular file`,
      `skipped ${path.join(repo, "sub", "AGENTS.md")}: it is not a regular file`,
    ]);
  });

  it("the global doc in CODEX_HOME: a link to a regular file is read, one to /proc or a FIFO is not", async () => {
    const { home, repo, outside } = layout();
    writeFileSync(path.join(outside, "dotfiles-agents.md"), "dotfile rules");
    symlinkSync("/proc/self/environ", path.join(home, "AGENTS.override.md"));
    symlinkSync(path.join(outside, "dotfiles-agents.md"), path.join(home, "AGENTS.md"));
    const docs = await discover(home, repo);
    expect(docs.text).toBe("dotfile rules");
    expect(docs.warnings).toEqual([
      `skipped ${path.join(home, "AGENTS.override.md")}: it resolves to /proc/${process.pid}/environ, which is a system file`,
    ]);

    const fifoHome = layout().home;
    execFileSync("mkfifo", [path.join(fifoHome, "AGENTS.md")]);
    const fifo = await discover(fifoHome, repo);
    expect(fifo.text).toBeNull();
    expect(fifo.warnings).toEqual([`skipped ${path.join(fifoHome, "AGENTS.md")}: it is not a regular file`]);
  });
});

describe("findGitRoot", () => {
  it("finds the nearest folder with .git, and does not go up into a GIT_CEILING_DIRECTORIES folder", async () => {
    const { repo } = layout();
    const sub = path.join(repo, "sub");
    expect(await findGitRoot(sub, {})).toBe(repo);
    expect(await findGitRoot(sub, { GIT_CEILING_DIRECTORIES: repo })).toBeNull();
    expect(await findGitRoot(repo, { GIT_CEILING_DIRECTORIES: `relative${path.delimiter}${repo}` })).toBe(repo);
  });
});
