import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "../../test/support/scratch.js";
import { afterAll, describe, expect, it } from "vitest";
import { APPROVAL_POLICIES } from "../config/schema.js";
import {
  decideCommand,
  granularSandboxRejection,
  patchNeedsApproval,
  shouldOfferUnsandboxedRetry,
} from "./approval.js";
import type { SandboxPolicy } from "../protocol/policies.js";

const ws: SandboxPolicy = { type: "workspace-write", writable_roots: [], network_access: false };
const ro: SandboxPolicy = { type: "read-only" };
const full: SandboxPolicy = { type: "danger-full-access" };
const safe = ["ls", "-la"];
const unsafe = ["rm", "-rf", "build"];

describe("command approval decision table", () => {
  it.each([
    // policy, sandbox, argv, escalation, approved-for-session → expected
    ["untrusted", ws, safe, false, false, { action: "run", sandboxed: true }],
    ["untrusted", ws, unsafe, false, false, { action: "ask", sandboxed: true }],
    ["untrusted", full, unsafe, false, false, { action: "ask", sandboxed: false }],
    ["untrusted", ws, unsafe, false, true, { action: "run", sandboxed: true }],
    ["on-request", ws, unsafe, false, false, { action: "run", sandboxed: true }],
    ["on-request", ws, unsafe, true, false, { action: "ask", sandboxed: false }],
    ["on-request", full, unsafe, true, false, { action: "run", sandboxed: false }],
    ["on-request", ws, unsafe, true, true, { action: "run", sandboxed: false }],
    ["on-failure", ws, unsafe, false, false, { action: "run", sandboxed: true }],
    ["on-failure", ro, unsafe, true, false, { action: "run", sandboxed: true }],
    ["never", ws, unsafe, true, false, { action: "run", sandboxed: true }],
    ["never", ro, unsafe, false, false, { action: "run", sandboxed: true }],
    ["never", full, unsafe, false, false, { action: "run", sandboxed: false }],
  ] as const)(
    "%s / %o / %j / escalate=%s / session=%s",
    (policy, sandboxPolicy, argv, escalationRequested, approvedForSession, expected) => {
      expect(decideCommand({ argv, policy, sandboxPolicy, escalationRequested, approvedForSession })).toMatchObject(
        expected,
      );
    },
  );

  it("only on-failure offers an unsandboxed re-run after a sandbox denial", () => {
    expect(APPROVAL_POLICIES.filter((p) => shouldOfferUnsandboxedRetry(p, null))).toEqual(["on-failure"]);
  });

  it("granular approvals offer the re-run when sandbox prompts are allowed, and reject them otherwise", () => {
    const granular = (sandbox_approval: boolean) => ({ sandbox_approval, rules: false, mcp_elicitations: false });
    expect(shouldOfferUnsandboxedRetry("on-request", granular(true))).toBe(true);
    expect(shouldOfferUnsandboxedRetry("on-request", granular(false))).toBe(false);
    expect(granularSandboxRejection(granular(false))).toMatch(/Granular\.sandbox_approval is false/);
    expect(granularSandboxRejection(granular(true))).toBeNull();
    expect(granularSandboxRejection(null)).toBeNull();
  });
});

describe("patch approval", () => {
  const base = scratchDir("approval-");
  const cwd = path.join(base, "repo");
  const outside = path.join(base, "elsewhere");
  mkdirSync(path.join(cwd, ".git"), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, path.join(cwd, "link-out"));
  // Not under /tmp: workspace-write makes /tmp writable.
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it.each([
    ["inside the workspace", "on-request", ws, [path.join(cwd, "src/a.ts")], null],
    ["untrusted always asks", "untrusted", ws, [path.join(cwd, "a.ts")], "approval policy is untrusted"],
    ["outside the workspace", "never", ws, [path.join(outside, "x")], "writes outside the writable roots"],
    [
      "through a symlink out of the workspace",
      "on-request",
      ws,
      [path.join(cwd, "link-out", "x")],
      "writes outside the writable roots",
    ],
    [
      "into .git",
      "on-request",
      ws,
      [path.join(cwd, ".git", "hooks", "pre-commit")],
      "writes outside the writable roots",
    ],
    ["read-only sandbox", "on-request", ro, [path.join(cwd, "a.ts")], "the sandbox is read-only"],
    ["full access", "never", full, [path.join(outside, "x")], null],
  ] as const)("%s", (_name, policy, sandboxPolicy, paths, reason) => {
    const result = patchNeedsApproval(paths, policy, sandboxPolicy, cwd);
    if (reason === null) expect(result).toBeNull();
    else expect(result).toContain(reason);
  });
});
