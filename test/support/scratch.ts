// Folders for tests that must lie outside /tmp (workspace-write makes /tmp and $TMPDIR writable,
// so a repo there could not show what the sandbox refuses) and outside the real HOME (no test
// writes there). /var/tmp is neither; CL_TEST_SCRATCH overrides it.
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";

export const SCRATCH_ROOT =
  process.env.CL_TEST_SCRATCH ?? path.join("/var/tmp", `codex-litellm-tests-${process.getuid?.() ?? "user"}`);

/** A new, empty directory `<root>/<prefix>XXXXXX`; the caller removes it. */
export function scratchDir(prefix: string): string {
  mkdirSync(SCRATCH_ROOT, { recursive: true, mode: 0o700 });
  return mkdtempSync(path.join(SCRATCH_ROOT, prefix));
}
