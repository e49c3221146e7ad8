export {
  runCommand,
  isLikelySandboxDenied,
  DEFAULT_EXEC_TIMEOUT_MS,
  EXEC_TIMEOUT_EXIT_CODE,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_DRAIN_MS,
  type RunCommandOptions,
  type RunCommandResult,
  type OutputStream,
} from "./runner.js";
export {
  formatOutputForModel,
  truncateForModel,
  formatWallTime,
  MODEL_FORMAT_MAX_BYTES,
  MODEL_FORMAT_MAX_LINES,
  MODEL_FORMAT_HEAD_LINES,
  MODEL_FORMAT_TAIL_LINES,
  MODEL_FORMAT_HEAD_BYTES,
  type FormattableResult,
  type TruncatedBody,
} from "./format.js";
export {
  OutputCapture,
  captureFromString,
  capturedText,
  DEFAULT_HEAD_CAP,
  DEFAULT_TAIL_CAP,
  type CapturedOutput,
} from "./capture.js";
export {
  buildCommandEnv,
  envPatternMatcher,
  CORE_ENV_VARS,
  DEFAULT_ENV_EXCLUDES,
  type ShellEnvironmentPolicy,
} from "./env.js";
export { isTermux, tempDir, defaultShell, adaptArgvForPlatform, findOnPath } from "./platform.js";
