// Session persistence in upstream Codex's rollout format: record, read, list, resume.

export * from "./rollout-types.js";
export { RolloutRecorder, type NewRolloutOptions, type ResumeRolloutOptions } from "./rollout-recorder.js";
export { RolloutWriteError, AppendFileSink, type RolloutSink } from "./rollout-file-sink.js";
export {
  RolloutReadError,
  readRollout,
  readRolloutRecords,
  readSessionMeta,
  createReadStats,
  type RolloutReadStats,
  type RolloutContents,
  type ReadRolloutOptions,
} from "./rollout-reader.js";
export { parseRolloutLine, type ParsedRolloutLine } from "./rollout-line-parser.js";
export { normalizeResponseItem } from "./response-item-normalize.js";
export {
  ResumeHistoryBuilder,
  rebuildHistory,
  loadRolloutForResume,
  type ResumedSession,
  type LoadedRollout,
  type RebuildOptions,
  type TranscriptEntry,
} from "./resume-history.js";
export {
  buildCompactedHistory,
  collectUserMessages,
  approxTokenCount,
  COMPACT_USER_MESSAGE_MAX_TOKENS,
} from "./compacted-history.js";
export { SUMMARY_PREFIX, isContextualUserText, realUserMessageText } from "./user-messages.js";
export {
  listSessions,
  findSessionById,
  findLatestSession,
  readSessionSummary,
  InvalidCursorError,
  DEFAULT_PAGE_SIZE,
  type ListSessionsOptions,
  type SessionPage,
  type SessionSummary,
} from "./session-list.js";
export { rolloutPath, parseRolloutFileName, sessionsRoot, SESSIONS_SUBDIR } from "./rollout-paths.js";
export { SecretRedactor, REDACTED } from "../util/redact.js";
