import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { isHostProgram } from "./host-program.js";

const base = mkdtempSync(path.join(os.tmpdir(), "cl-host-program-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function program(dir: string, name: string, mode = 0o755): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, mode);
  return file;
}

const hostBin = path.join(base, "host", "bin");
const workspace = path.join(base, "repo");
program(hostBin, "ls");
program(hostBin, "cat");
program(workspace, "ls"); // the repo's own `ls`
program(path.join(workspace, "node_modules", ".bin"), "cat");
program(path.join(base, "host", "noexec"), "ls", 0o644);
// A folder outside the workspace whose `ls` is a link into it.
mkdirSync(path.join(base, "host", "linked"));
symlinkSync(path.join(workspace, "ls"), path.join(base, "host", "linked", "ls"));

const lookup = (...entries: string[]) => ({ pathEnv: entries.join(path.delimiter), workspaceRoots: [workspace] });

describe("isHostProgram", () => {
  it("a name found in an absolute PATH folder outside the workspace is the host's", () => {
    expect(isHostProgram("ls", lookup(hostBin))).toBe(true);
  });

  it("a relative PATH entry before the program (., empty, bin) makes it not the host's: the folder decides", () => {
    for (const entry of [".", "", "bin", "./tools"])
      expect(isHostProgram("ls", lookup(entry, hostBin)), JSON.stringify(entry)).toBe(false);
    // After the program it is never reached.
    expect(isHostProgram("ls", lookup(hostBin, "."))).toBe(true);
  });

  it("a PATH folder inside the workspace that has the name wins, and is not the host's", () => {
    expect(isHostProgram("ls", lookup(workspace, hostBin))).toBe(false);
    expect(isHostProgram("cat", lookup(path.join(workspace, "node_modules", ".bin"), hostBin))).toBe(false);
    // One without the name is passed over.
    expect(isHostProgram("ls", lookup(path.join(workspace, "node_modules", ".bin"), hostBin))).toBe(true);
  });

  it("a link into the workspace is judged by where it points", () => {
    expect(isHostProgram("ls", lookup(path.join(base, "host", "linked"), hostBin))).toBe(false);
  });

  it("a file that is not executable is passed over, as execvp does", () => {
    expect(isHostProgram("ls", lookup(path.join(base, "host", "noexec"), hostBin))).toBe(true);
  });

  it("a path, an empty name, a name not found, or no PATH at all is not a host program", () => {
    for (const name of ["./ls", path.join(hostBin, "ls"), "bin/ls", "", "no-such-program"])
      expect(isHostProgram(name, lookup(hostBin)), name).toBe(false);
    expect(isHostProgram("ls", { pathEnv: undefined, workspaceRoots: [workspace] })).toBe(false);
  });
});
