// A tiny ANSI styling helper for the human exec output, honouring `--color always|never|auto`
// (auto = the stream is a TTY and NO_COLOR is not set to a non-empty value).

export type ColorMode = "always" | "never" | "auto";

export function colorEnabled(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  const noColor = env.NO_COLOR;
  return isTTY && (noColor === undefined || noColor === "");
}

export type StyleFn = (text: string) => string;

export interface Styles {
  enabled: boolean;
  bold: StyleFn;
  italic: StyleFn;
  dim: StyleFn;
  red: StyleFn;
  green: StyleFn;
  yellow: StyleFn;
  cyan: StyleFn;
  magenta: StyleFn;
}

const plain: StyleFn = (text) => text;

function sgr(open: number, close: number): StyleFn {
  return (text) => (text === "" ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

export function createStyles(enabled: boolean): Styles {
  if (!enabled) {
    return {
      enabled,
      bold: plain,
      italic: plain,
      dim: plain,
      red: plain,
      green: plain,
      yellow: plain,
      cyan: plain,
      magenta: plain,
    };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    italic: sgr(3, 23),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}
