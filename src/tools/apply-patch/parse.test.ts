import { describe, expect, it } from "vitest";
import { PatchParseError } from "./errors.js";
import { parsePatch, type PatchHunk } from "./parse.js";

const VALID_HEADERS =
  "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";
const EVERY_LINE = "Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)";

const chunk = (changeContext: string | null, oldLines: string[], newLines: string[], isEndOfFile = false) => ({
  changeContext,
  oldLines,
  newLines,
  isEndOfFile,
});

describe("parsePatch: grammar forms", () => {
  const cases: Array<{ name: string; text: string; hunks: PatchHunk[] }> = [
    {
      name: "add file",
      text: "*** Begin Patch\n*** Add File: docs/a.md\n+# Title\n+\n+body\n*** End Patch",
      hunks: [{ type: "add", path: "docs/a.md", contents: "# Title\n\nbody\n" }],
    },
    {
      name: "add file without lines (empty file)",
      text: "*** Begin Patch\n*** Add File: empty.txt\n*** End Patch\n",
      hunks: [{ type: "add", path: "empty.txt", contents: "" }],
    },
    {
      name: "delete file",
      text: "*** Begin Patch\n*** Delete File: old.txt\n*** End Patch",
      hunks: [{ type: "delete", path: "old.txt" }],
    },
    {
      name: "update with move",
      text: "*** Begin Patch\n*** Update File: src/a.py\n*** Move to: src/b.py\n@@ def f():\n-    pass\n+    return 123\n*** End Patch",
      hunks: [
        {
          type: "update",
          path: "src/a.py",
          movePath: "src/b.py",
          chunks: [chunk("def f():", ["    pass"], ["    return 123"])],
        },
      ],
    },
    {
      name: "several chunks, bare @@ and @@ context",
      text: "*** Begin Patch\n*** Update File: m.txt\n@@\n foo\n-bar\n+BAR\n@@ class B\n baz\n-qux\n+QUX\n*** End Patch",
      hunks: [
        {
          type: "update",
          path: "m.txt",
          movePath: null,
          chunks: [chunk(null, ["foo", "bar"], ["foo", "BAR"]), chunk("class B", ["baz", "qux"], ["baz", "QUX"])],
        },
      ],
    },
    {
      name: "first chunk without @@",
      text: "*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch",
      hunks: [
        {
          type: "update",
          path: "file2.py",
          movePath: null,
          chunks: [chunk(null, ["import foo"], ["import foo", "bar"])],
        },
      ],
    },
    {
      name: "*** End of File",
      text: "*** Begin Patch\n*** Update File: t.txt\n@@\n last\n+after\n*** End of File\n*** End Patch",
      hunks: [
        { type: "update", path: "t.txt", movePath: null, chunks: [chunk(null, ["last"], ["last", "after"], true)] },
      ],
    },
    {
      name: "several files in one patch",
      text:
        "*** Begin Patch\n*** Add File: path/add.py\n+abc\n+def\n*** Delete File: path/delete.py\n" +
        "*** Update File: path/update.py\n@@\n+line\n*** Add File: other.py\n+content\n*** End Patch",
      hunks: [
        { type: "add", path: "path/add.py", contents: "abc\ndef\n" },
        { type: "delete", path: "path/delete.py" },
        { type: "update", path: "path/update.py", movePath: null, chunks: [chunk(null, [], ["line"])] },
        { type: "add", path: "other.py", contents: "content\n" },
      ],
    },
    {
      name: "empty line inside a chunk is an empty context line",
      text: "*** Begin Patch\n*** Update File: a\n@@ ctx\n\n context\n-remove\n+add\n context2\n*** End Patch",
      hunks: [
        {
          type: "update",
          path: "a",
          movePath: null,
          chunks: [chunk("ctx", ["", "context", "remove", "context2"], ["", "context", "add", "context2"])],
        },
      ],
    },
    {
      name: "blank lines before a chunk are skipped",
      text: "*** Begin Patch\n*** Update File: a\n*** Move to: b\n   \n@@\n-x\n+y\n*** End of File\n\t\n@@\n-z\n*** End Patch",
      hunks: [
        { type: "update", path: "a", movePath: "b", chunks: [chunk(null, ["x"], ["y"], true), chunk(null, ["z"], [])] },
      ],
    },
    {
      name: "whitespace around the patch markers (upstream scenarios 018/020)",
      text: " *** Begin Patch \n*** Update File: file.txt\n@@\n-one\n+two\n *** End Patch \n",
      hunks: [{ type: "update", path: "file.txt", movePath: null, chunks: [chunk(null, ["one"], ["two"])] }],
    },
    {
      name: "whitespace before a hunk header (upstream scenario 017)",
      text: "*** Begin Patch\n  *** Update File: foo.txt\n@@\n-old\n+new\n*** End Patch\n",
      hunks: [{ type: "update", path: "foo.txt", movePath: null, chunks: [chunk(null, ["old"], ["new"])] }],
    },
    {
      name: "CRLF line endings",
      text: "*** Begin Patch\r\n*** Add File: w.txt\r\n+dos\r\n*** End Patch\r\n",
      hunks: [{ type: "add", path: "w.txt", contents: "dos\n" }],
    },
    {
      name: "absolute paths are kept as written",
      text: "*** Begin Patch\n*** Delete File: /tmp/x/abs.py\n*** End Patch",
      hunks: [{ type: "delete", path: "/tmp/x/abs.py" }],
    },
    { name: "no hunks at all", text: "*** Begin Patch\n*** End Patch", hunks: [] },
  ];

  it.each(cases)("$name", ({ text, hunks }) => {
    expect(parsePatch(text).hunks).toEqual(hunks);
  });

  const inner = "*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch";
  it.each([
    ["<<EOF", `<<EOF\n${inner}\nEOF\n`],
    ["<<'EOF'", `<<'EOF'\n${inner}\nEOF\n`],
    ['<<"EOF"', `<<"EOF"\n${inner}\nEOF\n`],
  ])("unwraps a heredoc opened with %s", (_opener, text) => {
    const parsed = parsePatch(text);
    expect(parsed.patch).toBe(inner);
    expect(parsed.hunks).toEqual([
      {
        type: "update",
        path: "file2.py",
        movePath: null,
        chunks: [chunk(null, ["import foo"], ["import foo", "bar"])],
      },
    ]);
  });

  it("returns the patch text trimmed, lines joined by \\n", () => {
    expect(parsePatch("\n\n*** Begin Patch\n*** Delete File: a\n*** End Patch\n\n").patch).toBe(
      "*** Begin Patch\n*** Delete File: a\n*** End Patch",
    );
  });
});

describe("parsePatch: errors carry upstream's messages", () => {
  const cases: Array<{ name: string; text: string; message: string }> = [
    {
      name: "first line",
      text: "bad",
      message: "invalid patch: The first line of the patch must be '*** Begin Patch'",
    },
    {
      name: "last line",
      text: "*** Begin Patch\nbad",
      message: "invalid patch: The last line of the patch must be '*** End Patch'",
    },
    { name: "empty text", text: "  \n ", message: "invalid patch: The last line of the patch must be '*** End Patch'" },
    {
      name: "only the begin marker",
      text: "*** Begin Patch",
      message: "invalid patch: The last line of the patch must be '*** End Patch'",
    },
    {
      name: "heredoc with mismatched quotes",
      text: "<<\"EOF'\n*** Begin Patch\n*** Delete File: a\n*** End Patch\nEOF\n",
      message: "invalid patch: The first line of the patch must be '*** Begin Patch'",
    },
    {
      name: "heredoc missing the end marker",
      text: "<<EOF\n*** Begin Patch\n*** Update File: file2.py\nEOF\n",
      message: "invalid patch: The last line of the patch must be '*** End Patch'",
    },
    {
      name: "unknown hunk header",
      text: "*** Begin Patch\n*** Frobnicate File: foo\n*** End Patch",
      message: `invalid hunk at line 2, '*** Frobnicate File: foo' is not a valid hunk header. ${VALID_HEADERS}`,
    },
    {
      name: "hunk header after an add counts lines",
      text: "*** Begin Patch\n*** Add File: a\n+1\n+2\nstray\n*** End Patch",
      message: `invalid hunk at line 5, 'stray' is not a valid hunk header. ${VALID_HEADERS}`,
    },
    {
      name: "empty update",
      text: "*** Begin Patch\n*** Update File: test.py\n*** End Patch",
      message: "invalid hunk at line 2, Update file hunk for path 'test.py' is empty",
    },
    {
      name: "unexpected line in a chunk",
      text: "*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch",
      message: `invalid hunk at line 4, Unexpected line found in update hunk: 'bad'. ${EVERY_LINE}`,
    },
    {
      name: "second chunk without @@",
      text: "*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\nbad\n*** End Patch",
      message: "invalid hunk at line 6, Expected update hunk to start with a @@ context marker, got: 'bad'",
    },
    {
      name: "@@ with no lines after it",
      text: "*** Begin Patch\n*** Update File: a\n@@\n*** End Patch",
      message: "invalid hunk at line 4, Update hunk does not contain any lines",
    },
    {
      name: "@@ directly followed by *** End of File",
      text: "*** Begin Patch\n*** Update File: a\n@@\n*** End of File\n*** End Patch",
      message: "invalid hunk at line 4, Update hunk does not contain any lines",
    },
    {
      name: "two @@ lines in a row",
      text: "*** Begin Patch\n*** Update File: a\n@@ class A\n@@ def f():\n-x\n*** End Patch",
      message: `invalid hunk at line 4, Unexpected line found in update hunk: '@@ def f():'. ${EVERY_LINE}`,
    },
  ];

  it.each(cases)("$name", ({ text, message }) => {
    let caught: unknown;
    try {
      parsePatch(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PatchParseError);
    expect((caught as PatchParseError).message).toBe(message);
  });

  it("exposes the kind, detail and line number", () => {
    try {
      parsePatch("*** Begin Patch\n*** Update File: test.py\n*** End Patch");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        kind: "invalid-hunk",
        lineNumber: 2,
        detail: "Update file hunk for path 'test.py' is empty",
      });
    }
  });
});
