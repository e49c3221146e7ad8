// A TCP relay on 127.0.0.1 that makes a local server look far away: every chunk, each way, is
// passed on `oneWayMs` after it arrived (in order), so a request/answer exchange costs 2 × oneWayMs
// more. The TCP handshake with the relay itself is not delayed; the first bytes are.
import net from "node:net";

export interface DelayRelay {
  /** The relay's port on 127.0.0.1. */
  port: number;
  close(): Promise<void>;
}

/** Writes each chunk of `from` to `to` `ms` later, keeping the order; ends `to` after the last one. */
function delayedPipe(from: net.Socket, to: net.Socket, ms: number): void {
  let last = Promise.resolve();
  const later = (fn: () => void) => {
    const due = performance.now() + ms;
    last = last.then(
      () => new Promise<void>((resolve) => setTimeout(() => (fn(), resolve()), Math.max(0, due - performance.now()))),
    );
  };
  from.on("data", (chunk: Buffer) => later(() => to.write(chunk)));
  from.on("end", () => later(() => to.end()));
  from.on("error", () => to.destroy());
  from.on("close", () =>
    later(() => {
      if (!to.writableEnded) to.destroy();
    }),
  );
}

export async function startDelayRelay(targetPort: number, oneWayMs: number): Promise<DelayRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on("close", () => sockets.delete(s));
    }
    delayedPipe(client, upstream, oneWayMs);
    delayedPipe(upstream, client, oneWayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
