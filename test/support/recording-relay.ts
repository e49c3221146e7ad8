// A pass-through HTTP relay in front of a proxy that records what the proxy answered to each
// model request: its `x-litellm-call-id`, status and the `usage` it streamed (LiteLLM puts its
// own cost into it as `usage.cost`). Tests read the proxy's side of the bill from here,
// independently of what the CLI recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RelayedResponse {
  path: string;
  status: number;
  callId: string | null;
  /** The last `usage` object in the answer (a Responses event's `response.usage`, a chat chunk's `usage`), or null. */
  usage: Record<string, unknown> | null;
}

export interface RecordingRelay {
  /** http://127.0.0.1:PORT, standing in for the proxy's origin. */
  url: string;
  /** The model requests (POST …/responses, …/chat/completions) answered so far. */
  responses: RelayedResponse[];
  close(): Promise<void>;
}

/** The last usage object of an SSE or JSON body. */
function lastUsage(body: string): Record<string, unknown> | null {
  let usage: Record<string, unknown> | null = null;
  const texts = body.includes("data:")
    ? body
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
    : [body];
  for (const text of texts) {
    try {
      const data = JSON.parse(text) as { usage?: unknown; response?: { usage?: unknown } };
      const found = data.response?.usage ?? data.usage;
      if (found && typeof found === "object") usage = found as Record<string, unknown>;
    } catch {
      // [DONE] or not JSON
    }
  }
  return usage;
}

export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const upstream = new URL(target);
  const responses: RelayedResponse[] = [];
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Recorded when the answer starts and updated before each chunk is passed on, so a test
        // that has read the answer finds it recorded even if the proxy has not closed the stream.
        const path = (req.url ?? "").split("?")[0] ?? "";
        const callId = answer.headers["x-litellm-call-id"];
        const entry: RelayedResponse = {
          path,
          status: answer.statusCode ?? 0,
          callId: typeof callId === "string" ? callId : null,
          usage: null,
        };
        if (req.method === "POST" && /\/(responses|chat\/completions)$/.test(path)) responses.push(entry);
        let body = "";
        answer.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
          if (chunk.includes("usage")) entry.usage = lastUsage(body);
          res.write(chunk);
        });
        answer.on("end", () => {
          entry.usage = lastUsage(body);
          res.end();
        });
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    responses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
