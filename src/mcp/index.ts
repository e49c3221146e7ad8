// MCP client support. Nothing exported here loads the MCP SDK; `startMcpServers` imports it
// only when config.toml has enabled servers.
export {
  annotationsRequireApproval,
  mcpApprovalAction,
  type McpApprovalAction,
  type McpToolAnnotations,
} from "./approval.js";
export {
  allMcpServers,
  DEFAULT_STARTUP_TIMEOUT_SEC,
  DEFAULT_TOOL_TIMEOUT_SEC,
  enabledMcpServers,
  mcpServerSettings,
  SERVER_NAME_PATTERN,
  toolAllowed,
  type McpServerSettings,
  type McpToolApprovalMode,
  type McpTransport,
} from "./config.js";
export type { McpConnection, McpToolInfo } from "./client.js";
export {
  McpConnectionManager,
  startMcpServers,
  type McpListedTool,
  type McpStartupFailure,
  type StartMcpOptions,
} from "./manager.js";
export { MAX_TOOL_NAME_LENGTH, qualifiedToolName, qualifyTools, sanitizeToolName } from "./names.js";
export { errorResult, toolResultForModel, type McpCallToolResult, type McpModelOutput } from "./result.js";
export { createMcpTool, mcpToolSpec, toolParameters, type McpToolResult } from "./tool.js";
