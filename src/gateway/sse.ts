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
  let failure: Error | null = null;
  // Destroying the stream ends the loop below with an error; `failure` says why.
  const fail = (err: Error) => {
    failure ??= err;
    body.destroy(err);
  };
  const timer = setTimeout(() => fail(new StreamIdleTimeoutError(idleMs)), idleMs);
  const onAbort = () => fail(abortError());
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        timer.refresh();
        parser.feed(decoder.decode(chunk, { stream: true }));
        while (pending.length) yield pending.shift() as EventSourceMessage;
      }
    } catch (err) {
      throw failure ?? err;
    }
    if (failure) throw failure;
    parser.feed("\n\n"); // a last event without its blank line still counts
    while (pending.length) yield pending.shift() as EventSourceMessage;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    body.destroy();
  }
}
