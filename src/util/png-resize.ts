// Scaling a PNG down to fit a box, as upstream scales images larger than it sends (a triangle
// filter, the aspect ratio kept, RGBA PNG out). Non-interlaced PNGs of any colour type and bit
// depth are read; anything else (an interlaced file, a broken one) is left to the caller (null).
import { deflateSync, inflateSync } from "node:zlib";

interface Pixels {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel, rows top to bottom. */
  rgba: Uint8Array;
}

/** `png` scaled down to fit `max`×`max` pixels, or null when it already fits or cannot be read. */
export function shrinkPng(png: Buffer, max: number): { bytes: Buffer; width: number; height: number } | null {
  const decoded = decodePng(png);
  if (!decoded || (decoded.width <= max && decoded.height <= max)) return null;
  const ratio = Math.min(max / decoded.width, max / decoded.height);
  const width = Math.max(1, Math.round(decoded.width * ratio));
  const height = Math.max(1, Math.round(decoded.height * ratio));
  const scaled = resample(decoded, width, height);
  return { bytes: encodePng(scaled), width, height };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(png: Buffer): Pixels | null {
  if (png.length < 33) return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth = 0, colorType = 0, , , interlace = 1] = png.subarray(24, 29);
  const channels = CHANNELS[colorType];
  if (!channels || interlace !== 0 || width === 0 || height === 0) return null;
  const idat: Buffer[] = [];
  let palette: Buffer | null = null;
  let transparency: Buffer | null = null;
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IDAT") idat.push(data);
    else if (type === "PLTE") palette = data;
    else if (type === "tRNS") transparency = data;
    else if (type === "IEND") break;
    at += 12 + length;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return null;
  }
  const bitsPerPixel = depth * channels;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < (stride + 1) * height) return null;
  const rows = unfilter(raw, stride, height, bpp);
  if (!rows) return null;
  const rgba = new Uint8Array(width * height * 4);
  const sample = (row: Uint8Array, index: number): number => {
    if (depth === 8) return row[index] ?? 0;
    if (depth === 16) return row[index * 2] ?? 0;
    const perByte = 8 / depth;
    const byte = row[Math.floor(index / perByte)] ?? 0;
    const shift = 8 - depth * ((index % perByte) + 1);
    const value = (byte >> shift) & ((1 << depth) - 1);
    return colorType === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  for (let y = 0; y < height; y++) {
    const row = rows.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (colorType === 3) {
        const i = sample(row, x);
        rgba[o] = palette?.[i * 3] ?? 0;
        rgba[o + 1] = palette?.[i * 3 + 1] ?? 0;
        rgba[o + 2] = palette?.[i * 3 + 2] ?? 0;
        rgba[o + 3] = transparency?.[i] ?? 255;
      } else if (colorType === 0 || colorType === 4) {
        const g = sample(row, s);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
        rgba[o + 3] = colorType === 4 ? sample(row, s + 1) : 255;
      } else {
        rgba[o] = sample(row, s);
        rgba[o + 1] = sample(row, s + 1);
        rgba[o + 2] = sample(row, s + 2);
        rgba[o + 3] = colorType === 6 ? sample(row, s + 3) : 255;
      }
    }
  }
  return { width, height, rgba };
}

/** The scanlines without their filter bytes, each unfiltered (PNG's five filters); null on a bad filter type. */
function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array | null {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i] ?? 0;
      const a = i >= bpp ? (out[row + i - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[prev + i] ?? 0) : 0;
      const c = y > 0 && i >= bpp ? (out[prev + i - bpp] ?? 0) : 0;
      let value: number;
      if (filter === 0) value = x;
      else if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      } else return null;
      out[row + i] = value & 0xff;
    }
  }
  return out;
}

/** Triangle-filter resampling, one axis at a time (each output pixel averages the source pixels under it). */
function resample(src: Pixels, width: number, height: number): Pixels {
  const horizontal = resampleAxis(src.rgba, src.width, src.height, width, true);
  const rgba = resampleAxis(horizontal, width, src.height, height, false);
  return { width, height, rgba };
}

function resampleAxis(data: Uint8Array, w: number, h: number, size: number, alongX: boolean): Uint8Array {
  const from = alongX ? w : h;
  const lines = alongX ? h : w;
  const outW = alongX ? size : w;
  const out = new Uint8Array(outW * (alongX ? h : size) * 4);
  const scale = from / size;
  const support = Math.max(scale, 1);
  for (let o = 0; o < size; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support));
    const hi = Math.min(from - 1, Math.ceil(center + support));
    const weights = new Float64Array(hi - lo + 1);
    let total = 0;
    for (let i = lo; i <= hi; i++) total += weights[i - lo] = Math.max(0, 1 - Math.abs((i + 0.5 - center) / support));
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / (total || 1);
    const step = alongX ? 4 : w * 4;
    for (let line = 0; line < lines; line++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let at = (alongX ? line * w + lo : lo * w + line) * 4;
      for (let k = 0; k < weights.length; k++, at += step) {
        const weight = weights[k] ?? 0;
        r += (data[at] ?? 0) * weight;
        g += (data[at + 1] ?? 0) * weight;
        b += (data[at + 2] ?? 0) * weight;
        a += (data[at + 3] ?? 0) * weight;
      }
      const to = (alongX ? line * outW + o : o * outW + line) * 4;
      out[to] = Math.round(r);
      out[to + 1] = Math.round(g);
      out[to + 2] = Math.round(b);
      out[to + 3] = Math.round(a);
    }
  }
  return out;
}

export function encodePng({ width, height, rgba }: Pixels): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
