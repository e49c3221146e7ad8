// Patches through the editor (ACP's `fs/*`, where the client offers them): a patch is planned on
// the editor's buffers, unsaved changes included, and the editor is given the text written. The
// write itself is made here, inside the sandbox's rules, so its guarantees hold either way.
import { methods, type AgentContext } from "@agentclientprotocol/sdk";
import type { EditorFiles } from "../tools/tool.js";
import { withDeadline } from "../util/deadline.js";
import { errorMessage } from "../util/errors.js";

/** How long a read or write through the editor may take before the disk is used (or the write left to the disk). */
const EDITOR_FS_MS = 10_000;

export interface ClientFiles {
  readTextFile: boolean;
  writeTextFile: boolean;
}

export function editorFiles(
  client: AgentContext,
  sessionId: () => string,
  caps: ClientFiles,
  log: (line: string) => void,
): EditorFiles | undefined {
  if (!caps.readTextFile && !caps.writeTextFile) return undefined;
  return {
    async read(file) {
      if (!caps.readTextFile) return null;
      const answer = client
        .request(methods.client.fs.readTextFile, { sessionId: sessionId(), path: file })
        .then((r) => r.content)
        .catch(() => null); // a file the editor does not have: the disk's
      return withDeadline(answer, EDITOR_FS_MS, null);
    },
    async written(file, text) {
      if (!caps.writeTextFile || text === null) return;
      const done = client
        .request(methods.client.fs.writeTextFile, { sessionId: sessionId(), path: file, content: text })
        .then(() => undefined)
        .catch((err: unknown) => log(`acp: the editor was not given ${file} (${errorMessage(err)})`));
      await withDeadline(done, EDITOR_FS_MS, undefined);
    },
  };
}
