import { promises as fsp } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPatch } from "./apply.js";
import { PatchApplyError, PatchParseError, verificationFailureMessage } from "./errors.js";
import { planPatch } from "./plan.js";
import { exists, makeTree, readText, removeTree, snapshotTree, textTree } from "./test-support.js";

const patch = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch"].join("\n");

const dirs: string[] = [];
async function tree(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await makeTree(files);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeTree));
});

describe("applyPatch: every grammar form on a real directory", () => {
  const cases: Array<{
    name: string;
    before: Record<string, string>;
    patch: string;
    after: Record<string, string>;
    summary: string;
  }> = [
    {
      name: "upstream 0.169 sample: add + update",
      before: { "README.md": "seed\n" },
      patch:
        "*** Begin Patch\n*** Add File: hello.txt\n+hello from patch\n*** Update File: README.md\n@@\n-seed\n+seed patched\n*** End Patch\n",
      after: { "README.md": "seed patched\n", "hello.txt": "hello from patch\n" },
      summary: "Success. Updated the following files:\nA hello.txt\nM README.md\n",
    },
    {
      name: "add file creates parent folders",
      before: {},
      patch: patch("*** Add File: nested/deep/new.txt", "+one", "+", "+three"),
      after: { "nested/deep/new.txt": "one\n\nthree\n" },
      summary: "Success. Updated the following files:\nA nested/deep/new.txt\n",
    },
    {
      name: "add file overwrites an existing file (upstream scenario 011)",
      before: { "duplicate.txt": "old content\n" },
      patch: patch("*** Add File: duplicate.txt", "+new content"),
      after: { "duplicate.txt": "new content\n" },
      summary: "Success. Updated the following files:\nA duplicate.txt\n",
    },
    {
      name: "delete file",
      before: { "obsolete.txt": "bye\n", "keep.txt": "stay\n" },
      patch: patch("*** Delete File: obsolete.txt"),
      after: { "keep.txt": "stay\n" },
      summary: "Success. Updated the following files:\nD obsolete.txt\n",
    },
    {
      name: "update and move into a new folder",
      before: { "old/name.txt": "from\n", "old/other.txt": "unrelated\n" },
      patch: patch("*** Update File: old/name.txt", "*** Move to: renamed/dir/name.txt", "@@", "-from", "+new"),
      after: { "old/other.txt": "unrelated\n", "renamed/dir/name.txt": "new\n" },
      summary: "Success. Updated the following files:\nM renamed/dir/name.txt\n",
    },
    {
      name: "move overwrites an existing destination (upstream scenario 010)",
      before: { "a.txt": "line\n", "b.txt": "existing\n" },
      patch: patch("*** Update File: a.txt", "*** Move to: b.txt", "@@", "-line", "+line2"),
      after: { "b.txt": "line2\n" },
      summary: "Success. Updated the following files:\nM b.txt\n",
    },
    {
      name: "multiple chunks in one file",
      before: { "multi.txt": "foo\nbar\nbaz\nqux\n" },
      patch: patch("*** Update File: multi.txt", "@@", " foo", "-bar", "+BAR", "@@", " baz", "-qux", "+QUX"),
      after: { "multi.txt": "foo\nBAR\nbaz\nQUX\n" },
      summary: "Success. Updated the following files:\nM multi.txt\n",
    },
    {
      name: "@@ context picks the right one of two identical blocks",
      before: { "f.py": "def a():\n    return 1\n\ndef b():\n    return 1\n" },
      patch: patch("*** Update File: f.py", "@@ def b():", "-    return 1", "+    return 2"),
      after: { "f.py": "def a():\n    return 1\n\ndef b():\n    return 2\n" },
      summary: "Success. Updated the following files:\nM f.py\n",
    },
    {
      name: "*** End of File anchors to the last occurrence",
      before: { "tail.txt": "end\nx\nend\n" },
      patch: patch("*** Update File: tail.txt", "@@", "-end", "+END", "*** End of File"),
      after: { "tail.txt": "end\nx\nEND\n" },
      summary: "Success. Updated the following files:\nM tail.txt\n",
    },
    {
      name: "a chunk with only + lines appends at the end (upstream scenario 016)",
      before: { "input.txt": "line1\nline2\n" },
      patch: patch("*** Update File: input.txt", "@@", "+added line 1", "+added line 2"),
      after: { "input.txt": "line1\nline2\nadded line 1\nadded line 2\n" },
      summary: "Success. Updated the following files:\nM input.txt\n",
    },
    {
      name: "deletion-only chunk",
      before: { "lines.txt": "line1\ndelete me\nline3\n" },
      patch: patch("*** Update File: lines.txt", "@@", " line1", "-delete me", " line3"),
      after: { "lines.txt": "line1\nline3\n" },
      summary: "Success. Updated the following files:\nM lines.txt\n",
    },
    {
      name: "the result always ends with a newline (upstream scenario 014)",
      before: { "no_newline.txt": "no newline at end" },
      patch: patch("*** Update File: no_newline.txt", "@@", "-no newline at end", "+first line", "+second line"),
      after: { "no_newline.txt": "first line\nsecond line\n" },
      summary: "Success. Updated the following files:\nM no_newline.txt\n",
    },
    {
      name: "a trailing empty context line stands for the final newline",
      before: { "e.txt": "a\nb\n" },
      patch: patch("*** Update File: e.txt", "@@", " a", "-b", "+B", ""),
      after: { "e.txt": "a\nB\n" },
      summary: "Success. Updated the following files:\nM e.txt\n",
    },
    {
      name: "unicode content (upstream scenario 019)",
      before: { "foo.txt": "line1\nnaïve café\n" },
      patch: patch("*** Update File: foo.txt", "@@", " line1", "-naïve café", "+naïve café ✅"),
      after: { "foo.txt": "line1\nnaïve café ✅\n" },
      summary: "Success. Updated the following files:\nM foo.txt\n",
    },
    {
      name: "several files; summary lists A, then M, then D",
      before: { "delete.txt": "x\n", "modify.txt": "line1\nline2\n" },
      patch: patch(
        "*** Delete File: delete.txt",
        "*** Update File: modify.txt",
        "@@",
        "-line2",
        "+changed",
        "*** Add File: nested/new.txt",
        "+created",
      ),
      after: { "modify.txt": "line1\nchanged\n", "nested/new.txt": "created\n" },
      summary: "Success. Updated the following files:\nA nested/new.txt\nM modify.txt\nD delete.txt\n",
    },
    {
      name: "heredoc-wrapped patch",
      before: { "a.txt": "1\n" },
      patch: "<<'EOF'\n*** Begin Patch\n*** Update File: a.txt\n-1\n+2\n*** End Patch\nEOF\n",
      after: { "a.txt": "2\n" },
      summary: "Success. Updated the following files:\nM a.txt\n",
    },
    {
      name: "later hunks see earlier ones (add, then update the same file)",
      before: {},
      patch: patch("*** Add File: n.txt", "+one", "*** Update File: n.txt", "@@", "-one", "+two"),
      after: { "n.txt": "two\n" },
      summary: "Success. Updated the following files:\nA n.txt\nM n.txt\n",
    },
  ];

  it.each(cases)("$name", async ({ before, patch: text, after, summary }) => {
    const dir = await tree(before);
    const result = await applyPatch(text, { cwd: dir });
    expect(result.summary).toBe(summary);
    expect(await textTree(dir)).toEqual(after);
  });
});

describe("applyPatch: matching passes through the applier", () => {
  it.each([
    ["trailing whitespace in the file", "value = 1   \n", "-value = 1", "value = 2\n"],
    ["indentation differs", "\t\tvalue = 1\n", "-value = 1", "value = 2\n"],
    ["typographic punctuation in the file", "title = \u201cA \u2014 B\u201d\n", '-title = "A - B"', "value = 2\n"],
  ])("%s", async (_name, original, removed, expected) => {
    const dir = await tree({ "m.txt": original });
    await applyPatch(patch("*** Update File: m.txt", "@@", removed, "+value = 2"), { cwd: dir });
    expect(await readText(dir, "m.txt")).toBe(expected);
  });
});

describe("applyPatch: result details", () => {
  it("reports absolute paths, change kinds, contents and unified diffs", async () => {
    const dir = await tree({ "README.md": "seed\n", "gone.txt": "bye\n", "src/old.ts": "a\nb\n" });
    const result = await applyPatch(
      patch(
        "*** Add File: hello.txt",
        "+hello from patch",
        "*** Update File: README.md",
        "@@",
        "-seed",
        "+seed patched",
        "*** Delete File: gone.txt",
        "*** Update File: src/old.ts",
        "*** Move to: src/new.ts",
        "@@",
        " a",
        "-b",
        "+c",
      ),
      { cwd: dir },
    );
    expect(result.cwd).toBe(dir);
    expect(result.added).toEqual(["hello.txt"]);
    expect(result.modified).toEqual(["README.md", "src/new.ts"]);
    expect(result.deleted).toEqual(["gone.txt"]);
    expect(result.changes).toEqual([
      {
        kind: "add",
        path: path.join(dir, "hello.txt"),
        movePath: null,
        displayPath: "hello.txt",
        oldContent: null,
        newContent: "hello from patch\n",
        unifiedDiff: "@@ -0,0 +1 @@\n+hello from patch\n",
      },
      {
        kind: "update",
        path: path.join(dir, "README.md"),
        movePath: null,
        displayPath: "README.md",
        oldContent: "seed\n",
        newContent: "seed patched\n",
        unifiedDiff: "@@ -1 +1 @@\n-seed\n+seed patched\n",
      },
      {
        kind: "delete",
        path: path.join(dir, "gone.txt"),
        movePath: null,
        displayPath: "gone.txt",
        oldContent: "bye\n",
        newContent: null,
        unifiedDiff: "@@ -1 +0,0 @@\n-bye\n",
      },
      {
        kind: "update",
        path: path.join(dir, "src/old.ts"),
        movePath: path.join(dir, "src/new.ts"),
        displayPath: "src/new.ts",
        oldContent: "a\nb\n",
        newContent: "a\nc\n",
        unifiedDiff: "@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
      },
    ]);
  });

  it("accepts absolute paths", async () => {
    const dir = await tree({ "abs.txt": "x\n" });
    const elsewhere = await tree();
    const target = path.join(dir, "abs.txt");
    const result = await applyPatch(patch(`*** Update File: ${target}`, "@@", "-x", "+y"), { cwd: elsewhere });
    expect(result.summary).toBe(`Success. Updated the following files:\nM ${target}\n`);
    expect(await readText(dir, "abs.txt")).toBe("y\n");
  });

  it("keeps the permission bits of an updated file", async () => {
    const dir = await tree({ "run.sh": "#!/bin/sh\necho hi\n" });
    await fsp.chmod(path.join(dir, "run.sh"), 0o755);
    await applyPatch(patch("*** Update File: run.sh", "@@", "-echo hi", "+echo bye"), { cwd: dir });
    expect((await fsp.stat(path.join(dir, "run.sh"))).mode & 0o777).toBe(0o755);
  });

  it("writes through a symlink to its target", async () => {
    const dir = await tree({ "real.txt": "old\n" });
    await fsp.symlink("real.txt", path.join(dir, "link.txt"));
    await applyPatch(patch("*** Update File: link.txt", "@@", "-old", "+new"), { cwd: dir });
    expect(await fsp.readlink(path.join(dir, "link.txt"))).toBe("real.txt");
    expect(await readText(dir, "real.txt")).toBe("new\n");
  });

  it("leaves no temp files behind", async () => {
    const dir = await tree({ "a.txt": "1\n" });
    await applyPatch(patch("*** Update File: a.txt", "@@", "-1", "+2", "*** Add File: b/c.txt", "+c"), { cwd: dir });
    expect(Object.keys(await snapshotTree(dir)).sort()).toEqual(["a.txt", "b", "b/c.txt"]);
  });

  it("planPatch computes everything without writing", async () => {
    const dir = await tree({ "a.txt": "1\n" });
    const before = await snapshotTree(dir);
    const plan = await planPatch(patch("*** Update File: a.txt", "@@", "-1", "+2", "*** Add File: b.txt", "+b"), dir);
    expect(plan.summary).toBe("Success. Updated the following files:\nA b.txt\nM a.txt\n");
    expect([...plan.finalContents]).toEqual([
      [path.join(dir, "a.txt"), "2\n"],
      [path.join(dir, "b.txt"), "b\n"],
    ]);
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe("applyPatch: failures leave the file system untouched", () => {
  const cases: Array<{
    name: string;
    files: Record<string, string | Uint8Array>;
    patch: string;
    error: typeof PatchParseError | typeof PatchApplyError;
    message: (dir: string) => string;
  }> = [
    {
      name: "invalid envelope",
      files: { "a.txt": "a\n" },
      patch: "*** Update File: a.txt\n@@\n-a\n+b\n*** End Patch",
      error: PatchParseError,
      message: () => "invalid patch: The first line of the patch must be '*** Begin Patch'",
    },
    {
      name: "invalid hunk after a valid one",
      files: { "a.txt": "a\n" },
      patch: patch("*** Add File: new.txt", "+x", "*** Update File: a.txt", "@@", "nonsense"),
      error: PatchParseError,
      message: () =>
        "invalid hunk at line 6, Unexpected line found in update hunk: 'nonsense'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    },
    {
      name: "empty patch",
      files: { "a.txt": "a\n" },
      patch: patch(),
      error: PatchApplyError,
      message: () => "No files were modified.",
    },
    {
      name: "expected lines not found",
      files: { "modify.txt": "line1\nline2\n" },
      patch: patch("*** Update File: modify.txt", "@@", "-missing", "+changed"),
      error: PatchApplyError,
      message: (dir) => `Failed to find expected lines in ${path.join(dir, "modify.txt")}:\nmissing`,
    },
    {
      name: "context line not found",
      files: { "modify.txt": "line1\nline2\n" },
      patch: patch("*** Update File: modify.txt", "@@ def nowhere():", "-line2", "+x"),
      error: PatchApplyError,
      message: (dir) => `Failed to find context 'def nowhere():' in ${path.join(dir, "modify.txt")}`,
    },
    {
      name: "file to update does not exist",
      files: { "foo.txt": "stable\n" },
      patch: patch("*** Update File: missing.txt", "@@", "-a", "+b"),
      error: PatchApplyError,
      message: (dir) =>
        `Failed to read file to update ${path.join(dir, "missing.txt")}: No such file or directory (os error 2)`,
    },
    {
      name: "file to delete does not exist",
      files: { "foo.txt": "stable\n" },
      patch: patch("*** Delete File: missing.txt"),
      error: PatchApplyError,
      message: (dir) => `Failed to read ${path.join(dir, "missing.txt")}: No such file or directory (os error 2)`,
    },
    {
      name: "deleting a directory",
      files: { "dir/foo.txt": "stable\n" },
      patch: patch("*** Delete File: dir"),
      error: PatchApplyError,
      message: (dir) => `Failed to read ${path.join(dir, "dir")}: Is a directory (os error 21)`,
    },
    {
      name: "updating a file that is not UTF-8",
      files: { "bin.dat": new Uint8Array([0xff, 0xfe, 0x0a]) },
      patch: patch("*** Update File: bin.dat", "@@", "+x"),
      error: PatchApplyError,
      message: (dir) =>
        `Failed to read file to update ${path.join(dir, "bin.dat")}: stream did not contain valid UTF-8`,
    },
    {
      name: "all or nothing: the second file fails, the first is untouched",
      files: { "first.txt": "one\n", "second.txt": "two\n" },
      patch: patch(
        "*** Update File: first.txt",
        "@@",
        "-one",
        "+ONE",
        "*** Add File: brand/new.txt",
        "+new",
        "*** Delete File: second.txt",
        "*** Update File: second.txt",
        "@@",
        "-two",
        "+TWO",
      ),
      error: PatchApplyError,
      message: (dir) =>
        `Failed to read file to update ${path.join(dir, "second.txt")}: No such file or directory (os error 2)`,
    },
    {
      name: "all or nothing: a move succeeds, a later chunk does not match",
      files: { "src.txt": "a\n", "other.txt": "b\n" },
      patch: patch(
        "*** Update File: src.txt",
        "*** Move to: dst.txt",
        "@@",
        "-a",
        "+A",
        "*** Update File: other.txt",
        "@@",
        "-zzz",
        "+b",
      ),
      error: PatchApplyError,
      message: (dir) => `Failed to find expected lines in ${path.join(dir, "other.txt")}:\nzzz`,
    },
    {
      name: "all or nothing: a write fails while staging (parent is a file)",
      files: { blocker: "i am a file\n", "keep.txt": "k\n" },
      patch: patch(
        "*** Add File: fresh/dir/a.txt",
        "+a",
        "*** Update File: keep.txt",
        "@@",
        "-k",
        "+K",
        "*** Add File: blocker/child.txt",
        "+x",
      ),
      error: PatchApplyError,
      message: () => "Failed to create parent directories for blocker/child.txt: ",
    },
    {
      name: "all or nothing: adding a file where a directory stands",
      files: { "keep.txt": "k\n", "taken/inner.txt": "i\n" },
      patch: patch("*** Update File: keep.txt", "@@", "-k", "+K", "*** Add File: taken", "+x"),
      error: PatchApplyError,
      message: () => "Failed to write file taken: Is a directory (os error 21)",
    },
  ];

  it.each(cases)("$name", async ({ files, patch: text, error, message }) => {
    const dir = await tree(files);
    const before = await snapshotTree(dir);
    const attempt = applyPatch(text, { cwd: dir });
    await expect(attempt).rejects.toBeInstanceOf(error);
    const caught = (await attempt.catch((e: unknown) => e)) as Error;
    const expected = message(dir);
    if (expected.endsWith(": ")) expect(caught.message.startsWith(expected)).toBe(true);
    else expect(caught.message).toBe(expected);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("error codes and the model-facing text", async () => {
    const dir = await tree({ "a.txt": "a\n" });
    const caught = (await applyPatch(patch("*** Update File: a.txt", "@@", "-nope", "+x"), { cwd: dir }).catch(
      (e: unknown) => e,
    )) as PatchApplyError;
    expect(caught.code).toBe("expected-lines-not-found");
    expect(caught.path).toBe(path.join(dir, "a.txt"));
    expect(verificationFailureMessage(caught)).toBe(
      `apply_patch verification failed: Failed to find expected lines in ${path.join(dir, "a.txt")}:\nnope`,
    );
    expect(await exists(dir, "a.txt")).toBe(true);
  });
});
