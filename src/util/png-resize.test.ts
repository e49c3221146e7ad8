import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageSize } from "./prompt-image.js";
import { decodePng, encodePng, shrinkPng } from "./png-resize.js";

/** A width×height RGBA PNG of one colour. */
function solid(width: number, height: number, rgba: number[]): Buffer {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set(rgba, i);
  return encodePng({ width, height, rgba: pixels });
}

/** A PNG written by hand: IHDR fields, raw scanlines (each with its filter byte), extra chunks. */
function handmade(
  width: number,
  height: number,
  depth: number,
  colorType: number,
  rows: number[][],
  extra: Buffer[] = [],
) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    return out; // the CRC is not checked by the decoder
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...extra.map((e) => chunk(e.subarray(0, 4).toString("latin1"), e.subarray(4))),
    chunk("IDAT", deflateSync(Buffer.from(rows.flat()))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("shrinkPng", () => {
  it("scales a PNG down to fit, keeping its aspect ratio and colour", () => {
    const shrunk = shrinkPng(solid(3000, 1000, [200, 10, 30, 255]), 2048);
    expect(shrunk && { width: shrunk.width, height: shrunk.height }).toEqual({ width: 2048, height: 683 });
    expect(imageSize(shrunk?.bytes ?? Buffer.alloc(0))).toEqual({ mime: "image/png", width: 2048, height: 683 });
    const back = decodePng(shrunk?.bytes ?? Buffer.alloc(0));
    expect([...(back?.rgba.subarray(0, 4) ?? [])]).toEqual([200, 10, 30, 255]);
    expect([...(back?.rgba.subarray(-4) ?? [])]).toEqual([200, 10, 30, 255]);
  });

  it("a tall image fits the square box by its height (upstream's 1024×4096 → 512×2048)", () => {
    const shrunk = shrinkPng(solid(1024, 4096, [1, 2, 3, 255]), 2048);
    expect(shrunk && [shrunk.width, shrunk.height]).toEqual([512, 2048]);
  });

  it("leaves an image that fits alone", () => {
    expect(shrinkPng(solid(2048, 10, [0, 0, 0, 255]), 2048)).toBeNull();
  });
});

describe("decodePng", () => {
  it("reads palette (with transparency), grey and 16-bit images and undoes every filter", () => {
    const palette = Buffer.concat([Buffer.from("PLTE"), Buffer.from([255, 0, 0, 0, 0, 255])]);
    const trns = Buffer.concat([Buffer.from("tRNS"), Buffer.from([255, 128])]);
    // 2-bit palette indexes 1,0,1 in one byte; filter 0.
    const indexed = decodePng(handmade(3, 1, 2, 3, [[0, 0b01000100]], [palette, trns]));
    expect([...(indexed?.rgba ?? [])]).toEqual([0, 0, 255, 128, 255, 0, 0, 255, 0, 0, 255, 128]);
    // 8-bit grey, rows with the Sub, Up, Average and Paeth filters.
    const grey = decodePng(
      handmade(2, 4, 8, 0, [
        [1, 10, 5],
        [2, 1, 1],
        [3, 6, 6],
        [4, 1, 1],
      ]),
    );
    expect([...(grey?.rgba ?? [])].filter((_, i) => i % 4 === 0)).toEqual([10, 15, 11, 16, 11, 19, 12, 20]);
    // 16-bit RGB: the high byte of each sample.
    const deep = decodePng(handmade(1, 1, 16, 2, [[0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]]));
    expect([...(deep?.rgba ?? [])]).toEqual([0x12, 0x56, 0x9a, 255]);
  });

  it("leaves an interlaced or broken file to the caller", () => {
    const interlaced = handmade(1, 1, 8, 6, [[0, 1, 2, 3, 4]]);
    interlaced[28] = 1;
    expect(decodePng(interlaced)).toBeNull();
    expect(decodePng(Buffer.from("not a png at all, not at all, really"))).toBeNull();
  });
});
