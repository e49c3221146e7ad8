import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readSse, StreamEventTooLargeError } from "./sse.js";

async function read(chunks: string[], maxEventChars?: number): Promise<string[]> {
  const body = Readable.from(chunks.map((c) => Buffer.from(c)));
  const data: string[] = [];
  for await (const message of readSse(body, 10_000, undefined, maxEventChars)) data.push(message.data);
  return data;
}

describe("readSse: a bound on one event's size", () => {
  it("reads events up to the bound, however many there are", async () => {
    const event = `data: ${"x".repeat(90)}\n\n`;
    expect(
      await read(
        Array.from({ length: 50 }, () => event),
        200,
      ),
    ).toHaveLength(50);
  });

  it("stops at an event that grows past the bound, without reading the rest", async () => {
    const chunks = [
      "data: small\n\n",
      "data: ",
      ..."y"
        .repeat(20)
        .split("")
        .map(() => "z".repeat(64)),
      "\n\n",
    ];
    await expect(read(chunks, 500)).rejects.toBeInstanceOf(StreamEventTooLargeError);
    await expect(read(chunks, 500)).rejects.toThrow(
      "one event of the stream was longer than 500 characters; stopped reading it",
    );
  });
});
