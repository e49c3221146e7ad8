// Folders for tests that must lie outside /tmp (workspace-write makes /tmp and $TMPDIR writable,
// so a repo there could not show what the sandbox refuses) and outside the real HOME (no test
// writes there). /var/tmp is neither; CL_TEST_SCRATCH overrides it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export const SCRATCH_ROOT =
  process.env.CL_TEST_SCRATCH ?? path.join("/var/tmp", `codex-litellm-tests-${process.getuid?.() ?? "user"}`);

/** A new, empty directory `<root>/<prefix>XXXXXX`; the caller removes it. */
export function scratchDir(prefix: string): string {
  mkdirSync(SCRATCH_ROOT, { recursive: true, mode: 0o700 });
  return mkdtempSync(path.join(SCRATCH_ROOT, prefix));
}

/**
 * A scratchDir (at its real path) for the tests of one file: made before them, removed after.
 * `path(...)` names a place in it; `dir(...)` also makes that folder.
 */
export function useScratchTree(prefix: string): { path(...parts: string[]): string; dir(...parts: string[]): string } {
  let base = "";
  beforeAll(() => {
    base = realpathSync(scratchDir(prefix));
  });
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });
  const at = (...parts: string[]) => path.join(base, ...parts);
  return {
    path: at,
    dir: (...parts) => {
      const p = at(...parts);
      mkdirSync(p, { recursive: true });
      return p;
    },
  };
}
