// What the built-in tools do when called, imported by tool-runners.ts on the first call (never
// statically: the bundle-contents test keeps it off exec's start-up).
export { runPatch } from "./apply-patch-run.js";
export { runShellCommandTool, runShellTool } from "./shell-run.js";
export { UnifiedExecRunner } from "./unified-exec/exec-run.js";
