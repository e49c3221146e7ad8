// Policies the session, its tools and its front-ends share: how commands are sandboxed (in the
// shape upstream Codex writes into `turn_context.sandbox_policy`) and how tool output is cut.

export type SandboxPolicy =
  | { type: "danger-full-access" }
  | { type: "read-only"; network_access?: boolean }
  | {
      type: "workspace-write";
      writable_roots?: string[];
      network_access?: boolean;
      exclude_tmpdir_env_var?: boolean;
      exclude_slash_tmp?: boolean;
    }
  /** Something outside us (a container, a VM) is the sandbox; we add none. */
  | { type: "external-sandbox"; network_access: "restricted" | "enabled" };

/** The model catalog's `truncation_policy`: a budget in bytes, or in approximate tokens. */
export interface TruncationPolicy {
  mode: "bytes" | "tokens";
  limit: number;
}
