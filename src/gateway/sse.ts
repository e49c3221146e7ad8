import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Readable } from "node:stream";
import { abortError } from "./retry.js";

export class StreamIdleTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data from the model for ${formatMs(idleMs)} (stream_idle_timeout_ms = ${idleMs})`);
    this.name = "StreamIdleTimeoutError";
  }
}

/** A duration for messages: `300 ms`, `1.5 s`, `300 s` (a sub-second timeout is not "0 s"). */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/**
 * Yields the server-sent events of a response body. Data must keep coming: after `idleMs`
 * without any, the body is cancelled and StreamIdleTimeoutError thrown; `signal` cancels it at
 * once. One timer (re-armed per chunk) and one abort listener serve the whole stream: a token
 * stream brings hundreds of thousands of small chunks.
 */
export async function* readSse(
  body: Readable,
  idleMs: number,
  signal?: AbortSignal,
): AsyncGenerator<EventSourceMessage> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  // Destroying the stream ends the loop below with an error; `stopped.why` says why.
  const stopped: { why: Error | null } = { why: null };
  const fail = (err: Error) => {
    stopped.why ??= err;
    body.destroy(err);
  };
  const timer = setTimeout(() => fail(new StreamIdleTimeoutError(idleMs)), idleMs);
  const onAbort = () => fail(abortError());
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      const chunks: AsyncIterable<unknown> = body;
      for await (const chunk of chunks) {
        timer.refresh();
        if (chunk instanceof Uint8Array) parser.feed(decoder.decode(chunk, { stream: true }));
        yield* pending.splice(0);
      }
    } catch (err) {
      if (stopped.why) throw stopped.why;
      throw err;
    }
    if (stopped.why) throw stopped.why;
    parser.feed("\n\n"); // a last event without its blank line still counts
    yield* pending.splice(0);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    body.destroy();
  }
}
