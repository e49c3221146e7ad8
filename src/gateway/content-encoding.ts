// Compressed responses. Requests ask for what this Node can decode, as upstream 0.171 does
// (`accept-encoding: zstd,gzip`; zstd only where node:zlib has it, Node >= 22.15 / 23.8), and a
// body sent with a content-encoding is decoded as it streams (SSE events are not held back:
// each flushed block decodes at once). node:zlib loads only for a compressed answer.
import type { IncomingMessage } from "node:http";
import type { Readable, Transform } from "node:stream";

function hasZstd(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 8) || (major === 22 && minor >= 15);
}

/** node:zlib's zstd decoder, where this Node has one (its types may not list it yet). */
const isFactory = (value: unknown): value is () => Transform => typeof value === "function";

export const ACCEPT_ENCODING = hasZstd() ? "zstd,gzip" : "gzip";

/** The body of `res` decoded, or `res` itself when it is not compressed. */
export async function decodedBody(res: IncomingMessage): Promise<Readable> {
  const encoding = String(res.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (encoding === "" || encoding === "identity") return res;
  const zlib = await import("node:zlib");
  const { pipeline } = await import("node:stream");
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const zstd: unknown = Reflect.get(zlib, "createZstdDecompress");
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip(flush)
      : encoding === "deflate"
        ? zlib.createInflate(flush)
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : encoding === "zstd" && isFactory(zstd)
            ? zstd()
            : null;
  if (!decoder) {
    res.resume();
    throw new Error(`the server answered with content-encoding "${encoding}", which this client cannot decode`);
  }
  // An error or abort of the response ends the decoded stream with it.
  pipeline(res, decoder, () => {});
  return decoder;
}
