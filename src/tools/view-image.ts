// `view_image`: the model asks to see a local image; it gets the image as an `input_image`
// content item of the call's output, as upstream sends it. The file is read by the agent itself,
// so it honours what a sandboxed command may read: outside danger-full-access, CODEX_HOME's
// hidden entries (the key file, transcripts, logs) are refused.
import { realpath } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { errnoCode, errorMessage } from "../util/errors.js";
import { isWithin } from "../util/paths.js";
import { functionTool } from "./function-tool.js";
import { CODEX_HOME_VISIBLE } from "./sandbox/codex-home.js";
import type { ToolContext, ToolResult } from "./tool.js";

const ViewImageArgs = z.object({
  path: z.string().describe("Local filesystem path to an image file."),
});

export const viewImageTool = functionTool({
  name: "view_image",
  description:
    "View a local image file from the filesystem when visual inspection is needed. Use this for images already available on disk.",
  parameters: ViewImageArgs,
  run: (args, ctx, call) => viewImage(args, ctx, call.callId),
});

const refused = (output: string): ToolResult => ({ output, success: false });

async function viewImage(args: z.infer<typeof ViewImageArgs>, ctx: ToolContext, callId: string): Promise<ToolResult> {
  if (ctx.imagesAllowed === false) return refused("view_image is not allowed because you do not support image inputs");
  const file = path.resolve(ctx.cwd, args.path);
  const hidden = await hiddenFromSandbox(file, ctx);
  if (hidden) return refused(`unable to locate image at \`${file}\`: ${hidden}`);
  const { ImageError, readPromptImage, dataUrl } = await import("../util/prompt-image.js");
  // Upstream 0.171: at its original resolution for a model whose catalog entry takes that, else high detail.
  const original = ctx.imageDetailOriginal === true;
  let image;
  try {
    image = await readPromptImage(file, { original });
  } catch (err) {
    if (err instanceof ImageError) return refused(`unable to process image at \`${file}\`: ${err.message}`);
    const code = errnoCode(err);
    if (code === "ENOENT" || code === "ENOTDIR")
      return refused(`unable to locate image at \`${file}\`: ${errorMessage(err)}`);
    return refused(`unable to read image at \`${file}\`: ${errorMessage(err)}`);
  }
  ctx.emit({ type: "view_image", callId, path: file });
  return {
    output: `viewed image ${file}`,
    success: true,
    contentItems: [{ type: "input_image", image_url: dataUrl(image), detail: original ? "original" : "high" }],
  };
}

/** Why a sandboxed command could not read `file` (CODEX_HOME outside its visible entries); null when it could. */
async function hiddenFromSandbox(file: string, ctx: ToolContext): Promise<string | null> {
  if (ctx.sandboxPolicy.type === "danger-full-access") return null;
  const [real, home] = await Promise.all([
    realpath(file).catch(() => file),
    realpath(ctx.config.codexHome).catch(() => null),
  ]);
  if (!home || !isWithin(real, home)) return null;
  const visible = CODEX_HOME_VISIBLE.some((name) => isWithin(real, path.join(home, name)));
  return visible ? null : "the sandbox does not let commands read it";
}
