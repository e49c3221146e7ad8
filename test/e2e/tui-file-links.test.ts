// Upstream's `file_opener` in the interactive UI (tmux, raw terminal bytes): a model's link to a
// local file is an OSC 8 hyperlink to it in the editor (vscode by default, as upstream), its text and
// path still shown; a web link is never one; `none` leaves file links plain.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../faults/support.js";
import { scratchDir } from "../support/scratch.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const tui = useTuiHarness({ apiKey: "sk-file-links" });
const ANSWER = "See [the handler](src/app.ts:12) and [the docs](https://example.com/guide).";
const OSC8 = "\x1b]8;;";

async function answerBytes(model: string, toml: string) {
  tui.server.setScript(model, [{ text: ANSWER }]);
  const { term, repo } = tui.open(model, { toml });
  const raw = path.join(scratchDir("file-links-"), "out");
  term.pipeOutput(raw);
  await term.waitFor(/Ask anything|Type a message/);
  term.submit("where is it?");
  await term.waitFor("the docs (https://example.com/guide)");
  const text = () => (existsSync(raw) ? readFileSync(raw, "latin1") : "");
  await waitFor("the answer's bytes", () => text().includes("example.com/guide"));
  return { bytes: text(), repo };
}

describe.skipIf(!hasTmux)("file_opener", () => {
  it("default (vscode): a file link opens the file at its line; a web link is not a hyperlink", async () => {
    const { bytes, repo } = await answerBytes("links-default", "");
    expect(bytes).toContain(`${OSC8}vscode://file${path.join(repo, "src/app.ts")}:12\x1b\\`);
    expect(bytes).not.toContain(`${OSC8}https://`);
    expect(bytes).toContain("the handler (src/app.ts:12)");
  });

  it('file_opener = "cursor": the cursor:// scheme', async () => {
    const { bytes, repo } = await answerBytes("links-cursor", 'file_opener = "cursor"');
    expect(bytes).toContain(`${OSC8}cursor://file${path.join(repo, "src/app.ts")}:12\x1b\\`);
  });

  it('file_opener = "none": no hyperlinks', async () => {
    const { bytes } = await answerBytes("links-none", 'file_opener = "none"');
    expect(bytes).not.toContain(OSC8);
    expect(bytes).toContain("the handler (src/app.ts:12)");
  });
});
