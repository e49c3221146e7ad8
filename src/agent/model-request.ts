// What the session sends the model: the conversation's opening context and each request built
// from the history, the model's profile and the tools it is offered.
import type { ResolvedConfig } from "../config/load.js";
import {
  developerMessage,
  instructionsMessage,
  userMessage,
  type ContentItem,
  type MessageItem,
  type ResponseItem,
} from "../gateway/items.js";
import type { ModelRequest } from "../gateway/types.js";
import { sandboxPolicyFromMode } from "../tools/sandbox/policy.js";
import type { Tool } from "../tools/tool.js";
import { requestToolSpecs } from "../tools/tool-specs.js";
import { isDeferred, TOOL_SEARCH_SPEC } from "../tools/tool-search.js";
import { webSearchToolSpec } from "../tools/web-search.js";
import { environmentContextText, userShellName } from "./environment-context.js";
import type { ModelClient } from "./model-client.js";
import type { ModelProfile } from "./model-profile.js";
import { projectDocsMessageText, type ProjectDocs } from "./project-docs.js";
import type { Skill } from "./skills.js";
import { skillsInstructionsText } from "./skills-prompt.js";
import type { SandboxPolicy } from "../protocol/policies.js";

export function sandboxPolicyOf(config: ResolvedConfig): SandboxPolicy {
  return sandboxPolicyFromMode(config.sandboxMode, {
    writable_roots: config.sandboxWorkspaceWrite.writable_roots,
    network_access: config.sandboxWorkspaceWrite.network_access,
    exclude_tmpdir_env_var: config.sandboxWorkspaceWrite.exclude_tmpdir_env_var,
    exclude_slash_tmp: config.sandboxWorkspaceWrite.exclude_slash_tmp,
  });
}

/**
 * What a conversation opens with (and a compacted one starts again from): project docs and the
 * environment. The base instructions are not part of it: as upstream does, they travel in
 * session_meta and are put in front of each request (see `modelRequest`).
 */
export function initialContext(
  config: ResolvedConfig,
  projectDocs: ProjectDocs,
  profile: ModelProfile,
  sandboxPolicy: SandboxPolicy,
  skillsListed: readonly Skill[] = [],
): ResponseItem[] {
  const items: ResponseItem[] = [];
  // Upstream's `developer_instructions`: a developer message after the model's instructions, before the user context.
  if (config.developerInstructions) items.push(developerMessage(config.developerInstructions));
  // Upstream lists the skills in a developer message after those, before AGENTS.md and the environment.
  const skills = skillsInstructionsText(skillsListed, profile.contextWindow.window);
  if (skills) items.push(developerMessage(skills));
  if (projectDocs.text) items.push(userMessage(projectDocsMessageText(config.cwd, projectDocs.text)));
  const roots = sandboxPolicy.type === "workspace-write" ? [config.cwd, ...(sandboxPolicy.writable_roots ?? [])] : [];
  items.push(
    userMessage(
      environmentContextText({
        cwd: config.cwd,
        approvalPolicy: config.approvalPolicy,
        sandboxMode: config.sandboxMode,
        networkAccess:
          sandboxPolicy.type === "danger-full-access" ||
          (sandboxPolicy.type === "workspace-write" && sandboxPolicy.network_access === true),
        writableRoots: roots,
        shell: userShellName(),
      }),
    ),
  );
  return items;
}

/** The user's message of a turn: its images go only to a model that takes them, else `warn` says they were not sent. */
export function userTurnMessage(
  { text, images, imagePaths = [] }: { text: string; images: string[]; imagePaths?: string[] },
  model: string,
  profile: ModelProfile,
  warn: (message: string) => void,
): { message: MessageItem; sent: string[] } {
  const message = userMessage(text);
  if (images.length > 0 && !profile.imagesAllowed.value) {
    const source = profile.imagesAllowed.source === "catalog" ? "the model catalog" : "the proxy's /model/info";
    const what = images.length === 1 ? "the image was" : `the ${images.length} images were`;
    warn(`${model} does not take images (${source} says so); ${what} not sent`);
    return { message, sent: [] };
  }
  // As upstream sends attached images: each tagged with its number and file, before the text, at
  // high detail (original for a model whose catalog entry takes it).
  const detail = profile.imageDetailOriginal.value ? "original" : "high";
  message.content.unshift(
    ...images.flatMap((url, i): ContentItem[] => [
      { type: "input_text", text: imageOpenTag(i + 1, imagePaths[i]) },
      { type: "input_image", image_url: url, detail },
      { type: "input_text", text: "</image>" },
    ]),
  );
  return { message, sent: images };
}

/** Upstream's tag before an attached image: `<image name=[Image #1] path="shot.png">` (the path as given). */
function imageOpenTag(n: number, file: string | undefined): string {
  return file === undefined ? `<image name=[Image #${n}]>` : `<image name=[Image #${n}] path="${file}">`;
}

export interface RequestSettings {
  config: ResolvedConfig;
  model: string;
  client: Pick<ModelClient, "provider">;
  profile: ModelProfile;
  /** The tools the model is offered (see `offeredTools`). */
  tools: Tool[];
  outputSchema?: Record<string, unknown>;
  sessionId: string;
  /** Whether requests carry prompt-cache breakpoints (see prompt-cache.ts). */
  cacheBreakpoints: boolean;
}

/** One request for `input` (the live history, or what a summary is asked of). */
export function modelRequest(settings: RequestSettings, input: ResponseItem[]): ModelRequest {
  const { config, model, client, profile, tools } = settings;
  const { instructions, reasoningEffort, parallelToolCalls, applyPatchToolType } = profile;
  const effort = reasoningEffort.value;
  // As upstream, a model whose entry supports tool_search finds the subagent and MCP tools with it (Responses wire only).
  const searching = usesToolSearch(settings);
  const summary = config.reasoningSummary;
  return {
    model,
    instructions: instructions.placement === "instructions" ? instructions.value : "",
    input:
      instructions.placement === "developer_message"
        ? withInstructionsFirst(instructions.value, input, settings.sessionId)
        : input,
    tools: [
      ...requestToolSpecs(searching ? tools.filter((t) => !isDeferred(t)) : tools, client.provider.wire_api, {
        approvalPolicy: config.approvalPolicy,
        applyPatchToolType: applyPatchToolType.value,
      }),
      ...(searching ? [TOOL_SEARCH_SPEC] : []),
      ...webSearchTools(settings),
    ],
    parallelToolCalls: parallelToolCalls.value,
    reasoning:
      effort || summary ? { ...(effort && { effort }), ...(summary && summary !== "none" && { summary }) } : undefined,
    verbosity: config.verbosity,
    maxOutputTokens: config.modelMaxOutputTokens || undefined,
    serviceTier: config.serviceTier,
    outputSchema: settings.outputSchema,
    sessionId: settings.sessionId,
    cacheBreakpoints: settings.cacheBreakpoints,
  };
}

/** Whether the model is offered tool_search, with the deferred tools behind it. */
export function usesToolSearch({ client, profile }: Pick<RequestSettings, "client" | "profile">): boolean {
  return profile.searchTool.value && client.provider.wire_api === "responses";
}

/**
 * The hosted web_search tool, last, as upstream lists it. On the Chat Completions wire (where it
 * becomes `web_search_options`, which a chat model without search may refuse) only when config
 * turns search on: upstream, which has no chat wire, offers cached search by default.
 */
function webSearchTools({ config, client, profile }: RequestSettings) {
  if (client.provider.wire_api === "chat" && config.webSearch.mode === null) return [];
  const spec = webSearchToolSpec(config.webSearch, config.sandboxMode, profile.webSearchToolType.value);
  return spec ? [spec] : [];
}

/**
 * `input` behind the base instructions as its first developer message, as upstream sends them.
 * A history that already opens with them (recorded by earlier versions) is sent as it is.
 */
function withInstructionsFirst(instructions: string, input: ResponseItem[], sessionId: string): ResponseItem[] {
  const [first] = input;
  const opensWithThem =
    first?.type === "message" &&
    first.role === "developer" &&
    first.content.length === 1 &&
    first.content[0]?.type === "input_text" &&
    first.content[0].text === instructions;
  return opensWithThem ? input : [instructionsMessage(instructions, sessionId), ...input];
}
