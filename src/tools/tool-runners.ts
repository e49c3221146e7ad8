// The built-in tools' specs are listed by every session, but what runs a call (the command
// runner, the sandbox, apply_patch's internals, the safety rules: about 180 KB) is needed only
// once the model calls one; a one-turn exec answered with text never does. Each tool's `run`
// reaches its implementation through `toolRunners()`: one import on the first call, then cached.
type ToolImplementations = typeof import("./tool-implementations.js");

let loading: Promise<ToolImplementations> | undefined;

/** The built-in tools' implementations, imported on first use (a failed import is tried again next time). */
export function toolRunners(): Promise<ToolImplementations> {
  loading ??= import("./tool-implementations.js").catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
