import { describe, expect, it } from "vitest";
import { annotationsRequireApproval, mcpApprovalAction } from "./approval.js";

const base = { server: "docs", tool: "write", approvalPolicy: "on-request", sandboxMode: "read-only" } as const;

describe("MCP tool approvals", () => {
  it("annotations (upstream requires_mcp_tool_approval)", () => {
    expect(annotationsRequireApproval({ destructiveHint: true, readOnlyHint: true })).toBe(true);
    expect(annotationsRequireApproval({ readOnlyHint: true })).toBe(false);
    expect(annotationsRequireApproval({})).toBe(true);
    expect(annotationsRequireApproval({ destructiveHint: false })).toBe(true); // openWorldHint unset counts as true
    expect(annotationsRequireApproval({ destructiveHint: false, openWorldHint: false })).toBe(false);
  });

  it("auto: tools without annotations run; annotated writers are asked for", () => {
    expect(mcpApprovalAction({ ...base, mode: "auto", annotations: undefined })).toEqual({ action: "run" });
    expect(mcpApprovalAction({ ...base, mode: "auto", annotations: { readOnlyHint: true } })).toEqual({
      action: "run",
    });
    expect(mcpApprovalAction({ ...base, mode: "auto", annotations: { destructiveHint: true } })).toEqual({
      action: "ask",
      reason: 'Allow the docs MCP server to run tool "write"?',
    });
  });

  it("prompt always asks, approve never does", () => {
    expect(mcpApprovalAction({ ...base, mode: "prompt", annotations: undefined }).action).toBe("ask");
    expect(mcpApprovalAction({ ...base, mode: "prompt", annotations: { readOnlyHint: true } }).action).toBe("ask");
    expect(mcpApprovalAction({ ...base, mode: "approve", annotations: { destructiveHint: true } }).action).toBe("run");
  });

  it("never declines what would be asked; full access (never + danger-full-access) runs everything", () => {
    const declined = mcpApprovalAction({
      ...base,
      approvalPolicy: "never",
      mode: "auto",
      annotations: { destructiveHint: true },
    });
    expect(declined).toMatchObject({
      action: "decline",
      reason: expect.stringContaining('approval_mode = "approve" in [mcp_servers.docs.tools.write]'),
    });
    expect(
      mcpApprovalAction({
        ...base,
        approvalPolicy: "never",
        sandboxMode: "danger-full-access",
        mode: "prompt",
        annotations: { destructiveHint: true },
      }).action,
    ).toBe("run");
    for (const approvalPolicy of ["untrusted", "on-failure", "on-request"] as const) {
      expect(
        mcpApprovalAction({
          ...base,
          approvalPolicy,
          sandboxMode: "danger-full-access",
          mode: "auto",
          annotations: { destructiveHint: true },
        }).action,
      ).toBe("ask");
    }
  });
});
