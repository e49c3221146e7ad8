// stdout of the ACP server: each protocol line passes the sessions' redactor, so no secret a
// session knows (the key, config's secrets, any registered later) reaches the client.
import type { SecretRedactor } from "../util/redact.js";

export function redactingLines(out: WritableStream<Uint8Array>, redactor: SecretRedactor): WritableStream<Uint8Array> {
  const writer = out.getWriter();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      pending += decoder.decode(chunk, { stream: true });
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      const lines = pending.slice(0, end + 1);
      pending = pending.slice(end + 1);
      await writer.write(encoder.encode(redactor.jsonText(lines)));
    },
    async close() {
      if (pending) await writer.write(encoder.encode(redactor.jsonText(pending)));
      await writer.close();
    },
    async abort(reason) {
      await writer.abort(reason);
    },
  });
}
