// Images and web search through the built CLI and the scripted fake server, as bytes on the wire:
// - view_image: the model asks for a local image and gets it back as an input_image content item
//   (Responses) or as image parts of the tool message (Chat); refusals upstream's words;
// - -i: attached as upstream attaches them (tagged, high detail, before the text);
// - web_search: the hosted tool as config and the catalog make upstream offer it, web_search_options
//   on the Chat wire; web_search_call items in exec --json (upstream's web_search item), in the
//   rollout and in the next request.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { ENV, home, modelName, repo, rolloutFiles, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

/** A 1×1 PNG and a 3×2 GIF, recognised by their bytes whatever their names. */
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const GIF = Buffer.from(
  "GIF89a\x03\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x03\x00\x02\x00\x00\x02\x02\x84\x51\x00;",
  "latin1",
);
const PNG_URL = `data:image/png;base64,${PNG_B64}`;

type Json = Record<string, unknown>;
const bodies = (model: string) => fake.server.requests(model).map((q) => q.body as Json);
const inputOf = (body: Json | undefined) => (body?.input ?? []) as Json[];
const toolsOf = (body: Json | undefined) => (body?.tools ?? []) as Json[];
const jsonEvents = (stdout: string): Json[] =>
  stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Json);

function setup(model: string, toml = "", provider = "") {
  const dir = repo();
  writeFileSync(path.join(dir, "shot.png"), Buffer.from(PNG_B64, "base64"));
  writeFileSync(path.join(dir, "not-an-image.png"), "hello");
  return { dir, codexHome: home(fake.server.url, model, toml, provider) };
}

const exec = (codexHome: string, dir: string, ...args: string[]) =>
  runCli(["exec", "--json", "--skip-git-repo-check", "-C", dir, ...args], { home: codexHome, env: ENV });

describe("view_image", () => {
  it("is offered as upstream specs it, and the image goes back as an input_image (Responses)", async () => {
    const model = modelName("view-image");
    fake.server.setScript(model, [
      { function_call: { name: "view_image", arguments: { path: "shot.png" } } },
      { text: "A single pixel." },
    ]);
    const { dir, codexHome } = setup(model);
    const r = await exec(codexHome, dir, "what is in shot.png?");
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = bodies(model);
    expect(toolsOf(first).find((t) => t.name === "view_image")).toEqual({
      type: "function",
      name: "view_image",
      description:
        "View a local image file from the filesystem when visual inspection is needed. Use this for images already available on disk.",
      strict: false,
      parameters: {
        type: "object",
        properties: { path: { type: "string", description: "Local filesystem path to an image file." } },
        required: ["path"],
        additionalProperties: false,
      },
    });
    const output = inputOf(second).find((i) => i.type === "function_call_output");
    expect(output?.output).toEqual([{ type: "input_image", image_url: PNG_URL, detail: "high" }]);
    // The rollout keeps the image as upstream writes it, for resume.
    const rollout = readFileSync(rolloutFiles(codexHome)[0] ?? "", "utf8");
    expect(rollout).toContain(`"output":[{"type":"input_image","image_url":"${PNG_URL}","detail":"high"}]`);
  });

  it("on the Chat wire the image is a part of the tool message", async () => {
    const model = modelName("view-image-chat");
    fake.server.setScript(model, [
      { function_call: { name: "view_image", arguments: { path: "shot.png" } } },
      { text: "A single pixel." },
    ]);
    const { dir, codexHome } = setup(model, "", 'wire_api = "chat"');
    const r = await exec(codexHome, dir, "what is in shot.png?");
    expect(r.code, r.stderr).toBe(0);
    const messages = (bodies(model)[1]?.messages ?? []) as Json[];
    expect(messages.find((m) => m.role === "tool")?.content).toEqual([
      { type: "image_url", image_url: { url: PNG_URL, detail: "high" } },
    ]);
  });

  it("sends the image at its original resolution when the catalog says the model takes that (0.171)", async () => {
    const model = modelName("view-image-original");
    fake.server.setScript(model, [
      { function_call: { name: "view_image", arguments: { path: "shot.png" } } },
      { text: "Seen." },
    ]);
    const { dir, codexHome } = setup(model, 'model_catalog_json = "catalog.json"');
    writeFileSync(
      path.join(codexHome, "catalog.json"),
      JSON.stringify({ models: [{ slug: model, supports_image_detail_original: true, shell_type: "shell_command" }] }),
    );
    const r = await exec(codexHome, dir, "look closely");
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = bodies(model);
    const spec = toolsOf(first).find((t) => t.name === "view_image") as { parameters: Json } | undefined;
    expect(Object.keys(spec?.parameters.properties as Json)).toEqual(["path"]);
    const output = inputOf(second).find((i) => i.type === "function_call_output");
    expect(output?.output).toEqual([{ type: "input_image", image_url: PNG_URL, detail: "original" }]);
  });

  it("answers with upstream's refusals: not an image, a missing file, a hidden CODEX_HOME file, a model without images", async () => {
    const model = modelName("view-image-refusals");
    const calls = [{ path: "not-an-image.png" }, { path: "missing.png" }];
    const { dir, codexHome } = setup(model);
    writeFileSync(path.join(codexHome, ".env"), "LITELLM_API_KEY=sk-secret-in-env-file\n");
    // The last call names the home's key file.
    fake.server.setScript(model, [
      ...calls.map((args) => ({ function_call: { name: "view_image", arguments: args } })),
      { function_call: { name: "view_image", arguments: { path: path.join(codexHome, ".env") } } },
      { text: "Done." },
    ]);
    const r = await exec(codexHome, dir, "look");
    expect(r.code, r.stderr).toBe(0);
    const outputs = inputOf(bodies(model).at(-1))
      .filter((i) => i.type === "function_call_output")
      .map((i) => i.output);
    expect(outputs).toEqual([
      `unable to process image at \`${path.join(dir, "not-an-image.png")}\`: not a PNG, JPEG, GIF or WebP image`,
      expect.stringMatching(new RegExp(`^unable to locate image at \`${path.join(dir, "missing.png")}\`: `)),
      `unable to locate image at \`${path.join(codexHome, ".env")}\`: the sandbox does not let commands read it`,
    ]);
    expect(JSON.stringify(bodies(model))).not.toContain("sk-secret-in-env-file");

    const noImages = modelName("view-image-no-images");
    fake.server.setScript(noImages, [
      { function_call: { name: "view_image", arguments: { path: "shot.png" } } },
      { text: "Done." },
    ]);
    const other = setup(noImages, 'model_catalog_json = "catalog.json"');
    writeFileSync(
      path.join(other.codexHome, "catalog.json"),
      JSON.stringify({ models: [{ slug: noImages, input_modalities: ["text"] }] }),
    );
    const r2 = await exec(other.codexHome, other.dir, "look");
    expect(r2.code, r2.stderr).toBe(0);
    expect(inputOf(bodies(noImages).at(-1)).find((i) => i.type === "function_call_output")?.output).toBe(
      "view_image is not allowed because you do not support image inputs",
    );
  });

  it("features.view_image_tool = false offers no view_image", async () => {
    const model = modelName("view-image-off");
    fake.server.setScript(model, [{ text: "ok" }]);
    const { dir, codexHome } = setup(model, "[features]\nview_image_tool = false");
    const r = await exec(codexHome, dir, "hi");
    expect(r.code, r.stderr).toBe(0);
    expect(toolsOf(bodies(model)[0]).map((t) => t.name ?? t.type)).not.toContain("view_image");
  });
});

describe("-i/--image", () => {
  it("attaches each image as upstream does: tagged, high detail, before the text; a GIF is recognised by its bytes", async () => {
    const model = modelName("image-flag");
    fake.server.setScript(model, [{ text: "Two images." }]);
    const { dir, codexHome } = setup(model);
    writeFileSync(path.join(dir, "anim.bin"), GIF);
    const r = await exec(codexHome, dir, "compare these", "-i", `${dir}/shot.png,${dir}/anim.bin`);
    expect(r.code, r.stderr).toBe(0);
    const user = inputOf(bodies(model)[0]).at(-1);
    expect(user?.content).toEqual([
      { type: "input_text", text: `<image name=[Image #1] path="${dir}/shot.png">` },
      { type: "input_image", image_url: PNG_URL, detail: "high" },
      { type: "input_text", text: "</image>" },
      { type: "input_text", text: `<image name=[Image #2] path="${dir}/anim.bin">` },
      { type: "input_image", image_url: `data:image/gif;base64,${GIF.toString("base64")}`, detail: "high" },
      { type: "input_text", text: "</image>" },
      { type: "input_text", text: "compare these" },
    ]);
  });

  it("exec resume takes -i too, and --search makes web search live", async () => {
    const model = modelName("image-resume");
    fake.server.setScript(model, [{ text: "First." }, { text: "Second." }]);
    const { dir, codexHome } = setup(model);
    expect((await exec(codexHome, dir, "first")).code).toBe(0);
    const r = await runCli(
      [
        "--search",
        "exec",
        "resume",
        "--last",
        "--skip-git-repo-check",
        "-C",
        dir,
        "again",
        "-i",
        path.join(dir, "shot.png"),
      ],
      { home: codexHome, env: ENV },
    );
    expect(r.code, r.stderr).toBe(0);
    const last = bodies(model).at(-1);
    expect(inputOf(last).at(-1)?.content).toContainEqual({ type: "input_image", image_url: PNG_URL, detail: "high" });
    expect(toolsOf(last).find((t) => t.type === "web_search")).toEqual({
      type: "web_search",
      external_web_access: true,
    });
  });

  it("refuses a file that is not an image with one line naming it", async () => {
    const model = modelName("image-flag-bad");
    const { dir, codexHome } = setup(model);
    const r = await exec(codexHome, dir, "look", "-i", path.join(dir, "not-an-image.png"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `codex-litellm: --image ${path.join(dir, "not-an-image.png")}: not a PNG, JPEG, GIF or WebP image\n`,
    );
    expect(bodies(model)).toEqual([]);
  });
});

const webSearchTool = (model: string) => toolsOf(bodies(model)[0]).find((t) => t.type === "web_search");

describe("web_search", () => {
  it.each([
    ["nothing set: cached, last in the list", "", { type: "web_search", external_web_access: false }],
    ['web_search = "live"', 'web_search = "live"', { type: "web_search", external_web_access: true }],
    ['web_search = "disabled"', 'web_search = "disabled"', undefined],
    [
      "features.web_search_request (deprecated)",
      "[features]\nweb_search_request = true",
      { type: "web_search", external_web_access: true },
    ],
    [
      "features.web_search_cached (deprecated)",
      "[features]\nweb_search_cached = true",
      { type: "web_search", external_web_access: false },
    ],
    [
      "[tools.web_search]",
      '[tools.web_search]\ncontext_size = "high"\nallowed_domains = ["example.com"]\nlocation = { country = "DE", city = "Berlin" }',
      {
        type: "web_search",
        external_web_access: false,
        filters: { allowed_domains: ["example.com"] },
        user_location: { type: "approximate", country: "DE", city: "Berlin" },
        search_context_size: "high",
      },
    ],
  ])("%s", async (_name, toml, expected) => {
    const model = modelName("web-search");
    fake.server.setScript(model, [{ text: "ok" }]);
    const { dir, codexHome } = setup(model, toml);
    const r = await exec(codexHome, dir, "hi");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/web_search|tools\.web_search|features\./);
    expect(webSearchTool(model)).toEqual(expected);
    if (expected) expect(toolsOf(bodies(model)[0]).at(-1)).toEqual(expected);
  });

  it("is live without a sandbox, and asks for images when the catalog's web_search_tool_type says so", async () => {
    const model = modelName("web-search-full");
    fake.server.setScript(model, [{ text: "ok" }]);
    const { dir, codexHome } = setup(model, 'model_catalog_json = "catalog.json"');
    writeFileSync(
      path.join(codexHome, "catalog.json"),
      JSON.stringify({
        models: [{ slug: model, web_search_tool_type: "text_and_image", shell_type: "shell_command" }],
      }),
    );
    const r = await exec(codexHome, dir, "--dangerously-bypass-approvals-and-sandbox", "hi");
    expect(r.code, r.stderr).toBe(0);
    expect(webSearchTool(model)).toEqual({
      type: "web_search",
      external_web_access: true,
      search_content_types: ["text", "image"],
    });
  });

  it("a profile's web_search wins over the top level", async () => {
    const model = modelName("web-search-profile");
    fake.server.setScript(model, [{ text: "ok" }]);
    const { dir, codexHome } = setup(model, 'web_search = "disabled"\n[profiles.research]\nweb_search = "live"');
    const r = await exec(codexHome, dir, "-p", "research", "hi");
    expect(r.code, r.stderr).toBe(0);
    expect(webSearchTool(model)).toEqual({ type: "web_search", external_web_access: true });
  });

  it("on the Chat wire: web_search_options only when config turns search on", async () => {
    const plain = modelName("web-search-chat-default");
    fake.server.setScript(plain, [{ text: "ok" }]);
    const a = setup(plain, "", 'wire_api = "chat"');
    expect((await exec(a.codexHome, a.dir, "hi")).code).toBe(0);
    expect(bodies(plain)[0]).not.toHaveProperty("web_search_options");

    const set = modelName("web-search-chat-set");
    fake.server.setScript(set, [{ text: "ok" }]);
    const b = setup(
      set,
      'web_search = "live"\n[tools.web_search]\ncontext_size = "low"\nlocation = { country = "FR" }',
      'wire_api = "chat"',
    );
    expect((await exec(b.codexHome, b.dir, "hi")).code).toBe(0);
    const body = bodies(set)[0];
    expect(body?.web_search_options).toEqual({
      search_context_size: "low",
      user_location: { type: "approximate", approximate: { country: "FR" } },
    });
    expect(toolsOf(body).map((t) => (t.function as Json | undefined)?.name)).not.toContain(undefined);
  });

  it("a backend that refuses the search parameter: the error says how to turn web search off", async () => {
    const model = modelName("web-search-refused");
    const message =
      "litellm.UnsupportedParamsError: ollama_chat does not support parameters: ['web_search_options'], for model=x.";
    fake.server.setScript(model, [{ fault: { status: 400, error: { message } } }]);
    const { dir, codexHome } = setup(model);
    const r = await runCli(["exec", "--skip-git-repo-check", "-C", dir, "hi"], { home: codexHome, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'To offer the model no web search, set web_search = "disabled" in config.toml (or -c web_search=disabled).',
    );
  });

  it("a web_search_call is upstream's web_search item in --json, kept in the rollout and sent back", async () => {
    const model = modelName("web-search-call");
    fake.server.setScript(model, [
      { output: [{ type: "web_search", query: "litellm web search" }], text: "Found it." },
      { text: "Again." },
    ]);
    const { dir, codexHome } = setup(model);
    const r = await exec(codexHome, dir, "search it");
    expect(r.code, r.stderr).toBe(0);
    const item = jsonEvents(r.stdout).find((e) => (e.item as Json | undefined)?.type === "web_search");
    expect(item).toEqual({
      type: "item.completed",
      item: {
        id: expect.any(String),
        type: "web_search",
        query: "litellm web search",
        action: { type: "search", query: "litellm web search" },
      },
    });
    const rollout = readFileSync(rolloutFiles(codexHome)[0] ?? "", "utf8");
    expect(rollout).toMatch(
      /"type":"response_item","payload":\{"id":"ws_\w+","type":"web_search_call","status":"completed"/,
    );
    const resumed = await runCli(["exec", "resume", "--last", "--skip-git-repo-check", "-C", dir, "more"], {
      home: codexHome,
      env: ENV,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(inputOf(bodies(model).at(-1))).toContainEqual({
      type: "web_search_call",
      id: expect.stringMatching(/^ws_/),
      status: "completed",
      action: { type: "search", query: "litellm web search" },
    });
  });
});

describe("large images", () => {
  it("a PNG larger than 2048 pixels is scaled down to fit, as upstream; kept whole for a model that takes originals", async () => {
    const { encodePng } = await import("../../src/util/png-resize.js");
    const wide = encodePng({ width: 3000, height: 100, rgba: new Uint8Array(3000 * 100 * 4).fill(200) });
    const sizes = async (catalogEntry: Json | null) => {
      const model = modelName("view-image-large");
      fake.server.setScript(model, [
        { function_call: { name: "view_image", arguments: { path: "wide.png" } } },
        { text: "Seen." },
      ]);
      const { dir, codexHome } = setup(model, catalogEntry ? 'model_catalog_json = "catalog.json"' : "");
      if (catalogEntry)
        writeFileSync(
          path.join(codexHome, "catalog.json"),
          JSON.stringify({ models: [{ slug: model, ...catalogEntry }] }),
        );
      writeFileSync(path.join(dir, "wide.png"), wide);
      const r = await exec(codexHome, dir, "look");
      expect(r.code, r.stderr).toBe(0);
      const output = inputOf(bodies(model).at(-1)).find((i) => i.type === "function_call_output");
      const [item] = output?.output as Json[];
      const png = Buffer.from(String(item?.image_url).replace(/^data:image\/png;base64,/, ""), "base64");
      return [png.readUInt32BE(16), png.readUInt32BE(20), item?.detail];
    };
    expect(await sizes(null)).toEqual([2048, 68, "high"]);
    expect(await sizes({ supports_image_detail_original: true, shell_type: "shell_command" })).toEqual([
      3000,
      100,
      "original",
    ]);
  });
});
