// Images and web search in the interactive UI (tmux, the fake server), as upstream's UI shows them:
// `• Searched <query>`, `• Viewed Image <path>`; a pasted image path becomes `[Image #1]` and the
// image goes with the message; `-i` attaches images to the first message.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-images-123456";
const tui = useTuiHarness({ apiKey: KEY });
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const PNG_URL = `data:image/png;base64,${PNG_B64}`;

type Json = Record<string, unknown>;
const lastUserContent = (model: string) => {
  const input = (tui.server.requests(model).at(-1)?.body as Json | undefined)?.input as Json[] | undefined;
  return input?.filter((i) => i.role === "user").at(-1)?.content;
};

/** What upstream sends for one attached image `file` and the typed `text`. */
const withOneImage = (file: string, text: string) => [
  { type: "input_text", text: `<image name=[Image #1] path="${file}">` },
  { type: "input_image", image_url: PNG_URL, detail: "high" },
  { type: "input_text", text: "</image>" },
  { type: "input_text", text },
];

function withImage(model: string) {
  const where = tui.setup(model);
  writeFileSync(path.join(where.repo, "shot.png"), Buffer.from(PNG_B64, "base64"));
  return where;
}

describe.skipIf(!hasTmux)("images and web search in the UI", () => {
  it("shows a web search and a viewed image as upstream does", async () => {
    const model = "tui-web-search";
    tui.server.setScript(model, [
      {
        output: [
          { type: "web_search", query: "ink terminal rendering" },
          { type: "function_call", name: "view_image", arguments: { path: "shot.png" } },
        ],
      },
      { text: "Both done." },
    ]);
    const where = withImage(model);
    const term = tui.launch(where);
    await term.waitFor("Ask anything");
    const screen = await term.send("look it up", "Both done.");
    expect(screen).toContain("• Searched ink terminal rendering");
    expect(screen).toContain(`• Viewed Image ${path.join(where.repo, "shot.png")}`);
  });

  it("a resumed session replays its web searches", async () => {
    const model = "tui-web-search-resume";
    tui.server.setScript(model, [{ output: [{ type: "web_search", query: "recorded search" }], text: "Recorded." }]);
    const where = tui.setup(model);
    const r = await runCli(["exec", "-C", where.repo, "search"], { home: where.home, env: { LITELLM_API_KEY: KEY } });
    expect(r.code, r.stderr).toBe(0);
    const term = tui.launch(where, { args: ["resume", "--last"] });
    const screen = await term.waitFor("Recorded.");
    expect(screen).toContain("• Searched recorded search");
  });

  it("a pasted image path becomes [Image #1] and the image goes with the message", async () => {
    const model = "tui-paste-image";
    tui.server.setScript(model, [{ text: "A pixel." }]);
    const where = withImage(model);
    const term = tui.launch(where);
    await term.waitFor("Ask anything");
    term.type(`'${path.join(where.repo, "shot.png")}'`);
    await term.waitFor("[Image #1]");
    term.type(" what is this?");
    const screen = await term.key("Enter", "A pixel.");
    expect(screen).toContain("› [Image #1] what is this?");
    expect(lastUserContent(model)).toEqual(withOneImage(path.join(where.repo, "shot.png"), "[Image #1] what is this?"));
  });

  it("-i attaches images to the first message", async () => {
    const model = "tui-image-flag";
    tui.server.setScript(model, [{ text: "Seen it." }]);
    const where = withImage(model);
    const term = tui.launch(where, { args: ["describe", "-i", path.join(where.repo, "shot.png")] });
    const screen = await term.waitFor("Seen it.");
    expect(screen).toContain("› [Image #1] describe");
    expect(lastUserContent(model)).toEqual(withOneImage(path.join(where.repo, "shot.png"), "describe"));
  });
});
