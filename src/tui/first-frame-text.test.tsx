import { EventEmitter } from "node:events";
import { stripVTControlCharacters } from "node:util";
import { render } from "ink";
import React from "react";
import { describe, expect, it } from "vitest";
import { SecretRedactor } from "../util/redact.js";
import { App } from "./components/App.js";
import { firstFrame } from "./first-frame-text.js";
import { TuiHost } from "./host.js";

/** A terminal of a given size that keeps what Ink writes (Ink's debug mode writes whole frames). */
class Terminal extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

class Keyboard extends EventEmitter {
  readonly isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null;
}

/** What App draws first for a new session, before config is read, at `columns` × `rows`. */
function inkFirstFrame(columns: number, rows: number): string {
  const stdout = new Terminal(columns, rows);
  const host = new TuiHost({ redactor: new SecretRedactor(), onExit: () => {} });
  const instance = render(<App host={host} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Terminal(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: new Keyboard() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  instance.unmount();
  return stdout.frames[0] ?? "";
}

const visibleLines = (text: string) =>
  stripVTControlCharacters(text)
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.trimEnd());

describe("the launcher's first frame", () => {
  it.each([64, 71, 72, 80, 100, 120, 200])("is what Ink draws first at %i columns", (columns) => {
    const frame = firstFrame(columns, 40, true);
    expect(frame).not.toBeNull();
    const ours = visibleLines(frame?.text ?? "");
    expect(ours).toEqual(visibleLines(inkFirstFrame(columns, 40)));
    expect(ours).toHaveLength(frame?.lines ?? -1);
    expect(ours.join("\n")).toContain("Ask anything, or / for commands");
  });

  it("styles like Ink (cyan borders, the dim placeholder) unless colour is off", () => {
    const coloured = firstFrame(80, 24, true)?.text ?? "";
    expect(coloured).toContain("\u001b[36m╭");
    expect(coloured).toContain("\u001b[2mAsk anything");
    const plain = firstFrame(80, 24, false)?.text ?? "";
    expect(plain).toBe(stripVTControlCharacters(plain));
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it("is not drawn where the terminal would wrap or scroll it (Ink lays that out itself)", () => {
    expect(firstFrame(50, 40, true)).toBeNull(); // the version line would wrap
    expect(firstFrame(100, 10, true)).toBeNull(); // taller than the terminal
    expect(firstFrame(100, 12, true)).not.toBeNull();
  });
});
