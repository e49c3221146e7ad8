import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPatch } from "./apply.js";
import { IMPLICIT_INVOCATION_MESSAGE } from "./errors.js";
import {
  classifyShellCommand,
  detectApplyPatchInScript,
  detectApplyPatchInvocation,
  isImplicitPatchInvocation,
} from "./invocation.js";
import { parsePatch } from "./parse.js";
import { makeTree, readText, removeTree } from "./test-support.js";

const CWD = "/work/project";
const PATCH = "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch";
const heredoc = (prefix: string, suffix = "") => `${prefix}apply_patch <<'PATCH'\n${PATCH}\nPATCH${suffix}`;
const bash = (script: string) => ["bash", "-lc", script];

describe("detectApplyPatchInvocation: recognised forms", () => {
  const cases: Array<{ name: string; argv: string[]; workdir: string }> = [
    { name: "apply_patch <patch>", argv: ["apply_patch", `${PATCH}\n`], workdir: CWD },
    { name: "applypatch <patch>", argv: ["applypatch", PATCH], workdir: CWD },
    { name: "bash -lc heredoc", argv: bash(heredoc("")), workdir: CWD },
    { name: "bash -c heredoc", argv: ["bash", "-c", heredoc("")], workdir: CWD },
    { name: "/bin/zsh -lc heredoc", argv: ["/bin/zsh", "-lc", heredoc("")], workdir: CWD },
    { name: "sh -c heredoc", argv: ["sh", "-c", heredoc("")], workdir: CWD },
    { name: "applypatch in a heredoc", argv: bash(`applypatch <<'PATCH'\n${PATCH}\nPATCH`), workdir: CWD },
    { name: "unquoted delimiter", argv: bash(`apply_patch <<EOF\n${PATCH}\nEOF\n`), workdir: CWD },
    { name: "double-quoted delimiter", argv: bash(`apply_patch <<"EOF"\n${PATCH}\nEOF`), workdir: CWD },
    {
      name: "space before the delimiter, trailing newlines",
      argv: bash(`apply_patch << 'EOF'\n${PATCH}\nEOF\n\n`),
      workdir: CWD,
    },
    { name: "cd <dir> &&", argv: bash(heredoc("cd foo && ")), workdir: path.join(CWD, "foo") },
    { name: "cd 'dir with spaces' &&", argv: bash(heredoc("cd 'foo bar' && ")), workdir: path.join(CWD, "foo bar") },
    { name: 'cd "dir with spaces" &&', argv: bash(heredoc('cd "foo bar" && ')), workdir: path.join(CWD, "foo bar") },
    { name: "cd to an absolute path", argv: bash(heredoc("cd /srv/repo && ")), workdir: "/srv/repo" },
    { name: "powershell -Command", argv: ["powershell.exe", "-Command", heredoc("")], workdir: CWD },
    { name: "pwsh -NoProfile -Command", argv: ["pwsh", "-NoProfile", "-Command", heredoc("")], workdir: CWD },
    { name: "cmd /c with cd", argv: ["cmd.exe", "/c", heredoc("cd foo && ")], workdir: path.join(CWD, "foo") },
  ];

  it.each(cases)("$name", ({ argv, workdir }) => {
    const found = detectApplyPatchInvocation(argv, CWD);
    expect(found).not.toBeNull();
    expect(found?.workdir).toBe(workdir);
    expect(parsePatch(found?.patch ?? "").hunks).toEqual([{ type: "add", path: "foo", contents: "hi\n" }]);
  });

  it("returns the heredoc body without its trailing newlines", () => {
    expect(detectApplyPatchInvocation(bash(`apply_patch <<'EOF'\n${PATCH}\n\nEOF\n`), CWD)?.patch).toBe(PATCH);
  });

  it("returns a direct argument as is (a malformed patch is reported when applied)", () => {
    expect(detectApplyPatchInvocation(["apply_patch", "not a patch"], CWD)).toEqual({
      patch: "not a patch",
      workdir: CWD,
    });
  });

  it("works on a command string for string-based shell tools", () => {
    expect(detectApplyPatchInScript(heredoc("cd sub && "), CWD)).toEqual({
      patch: PATCH,
      workdir: path.join(CWD, "sub"),
    });
  });
});

describe("detectApplyPatchInvocation: not apply_patch", () => {
  const cases: Array<{ name: string; argv: string[] }> = [
    { name: "cd with ;", argv: bash(heredoc("cd foo; ")) },
    { name: "cd with ||", argv: bash(heredoc("cd bar || ")) },
    { name: "cd piped", argv: bash(heredoc("cd bar | ")) },
    { name: "echo && apply_patch", argv: bash(heredoc("echo foo && ")) },
    { name: "argument to apply_patch", argv: bash(`apply_patch foo <<'PATCH'\n${PATCH}\nPATCH`) },
    { name: "two cds", argv: bash(heredoc("cd foo && cd bar && ")) },
    { name: "cd with two arguments", argv: bash(heredoc("cd foo bar && ")) },
    { name: "text after the closing delimiter", argv: bash(heredoc("cd bar && ", " && echo done")) },
    { name: "a command after the heredoc", argv: bash(`${heredoc("")}\necho done`) },
    { name: "command before cd", argv: bash(heredoc("echo foo; cd bar && ")) },
    {
      name: "command after apply_patch on the first line",
      argv: bash(`apply_patch <<'PATCH' && echo ok\n${PATCH}\nPATCH`),
    },
    { name: "no closing delimiter", argv: bash(`apply_patch <<'PATCH'\n${PATCH}\n`) },
    { name: "cd to a variable", argv: bash(heredoc("cd $HOME && ")) },
    { name: "plain shell command", argv: bash("ls -la") },
    { name: "apply_patch without a patch", argv: ["apply_patch"] },
    { name: "apply_patch by path", argv: ["/usr/local/bin/apply_patch", PATCH] },
    { name: "unknown shell", argv: ["fish", "-c", heredoc("")] },
    { name: "wrong shell flag", argv: ["bash", "-x", heredoc("")] },
    { name: "-NoProfile on bash", argv: ["bash", "-NoProfile", "-lc", heredoc("")] },
    { name: "bare patch (implicit invocation)", argv: [PATCH] },
  ];

  it.each(cases)("$name", ({ argv }) => {
    expect(detectApplyPatchInvocation(argv, CWD)).toBeNull();
  });
});

describe("implicit invocation and classification", () => {
  it.each([
    ["a bare patch as the whole argv", [PATCH], true],
    ["a shell script that is a patch", bash(PATCH), true],
    ["an explicit apply_patch call", ["apply_patch", PATCH], false],
    ["an ordinary command", bash("echo hi"), false],
  ] as const)("%s", (_name, argv, implicit) => {
    expect(isImplicitPatchInvocation(argv)).toBe(implicit);
  });

  it("classifies in upstream's order", () => {
    expect(classifyShellCommand(bash(PATCH), CWD)).toEqual({
      kind: "implicit-patch",
      message: IMPLICIT_INVOCATION_MESSAGE,
    });
    expect(classifyShellCommand(bash(heredoc("cd x && ")), CWD)).toEqual({
      kind: "apply-patch",
      patch: PATCH,
      workdir: path.join(CWD, "x"),
    });
    expect(classifyShellCommand(bash("ls"), CWD)).toEqual({ kind: "not-apply-patch" });
    expect(IMPLICIT_INVOCATION_MESSAGE).toBe(
      'patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]',
    );
  });
});

describe("detected invocation applied in its workdir", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await removeTree(dir);
  });

  it("resolves paths against the cd directory", async () => {
    dir = await makeTree({ "alt/old.txt": "before\n" });
    const script = `cd alt && apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: old.txt\n*** Move to: renamed.txt\n@@\n-before\n+after\n*** End Patch\nPATCH`;
    const found = detectApplyPatchInvocation(bash(script), dir);
    expect(found?.workdir).toBe(path.join(dir, "alt"));
    const result = await applyPatch(found?.patch ?? "", { cwd: found?.workdir ?? dir });
    expect(result.summary).toBe("Success. Updated the following files:\nM renamed.txt\n");
    expect(result.changes[0]?.movePath).toBe(path.join(dir, "alt", "renamed.txt"));
    expect(await readText(dir, "alt/renamed.txt")).toBe("after\n");
  });
});
