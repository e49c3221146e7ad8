// What /review offers to pick from: the local branches (the current one last, as it makes no
// sense as a base) and the recent commits, from git in the session's folder.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CommitChoice {
  sha: string;
  subject: string;
}

/** Local branches, the checked-out one left out; empty outside a repository. */
export async function baseBranchChoices(cwd: string): Promise<string[]> {
  const out = await run("git", ["branch", "--format=%(HEAD) %(refname:short)"], { cwd }).catch(() => ({ stdout: "" }));
  return out.stdout
    .split("\n")
    .filter((line) => line.startsWith(" "))
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The last 100 commits of HEAD, newest first. */
export async function commitChoices(cwd: string): Promise<CommitChoice[]> {
  const out = await run("git", ["log", "-n", "100", "--format=%H%x09%s"], { cwd }).catch(() => ({ stdout: "" }));
  return out.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [sha = "", ...subject] = line.split("\t");
      return { sha, subject: subject.join("\t") };
    });
}
