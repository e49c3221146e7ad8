// Command-line mistakes answered the way CLI users expect: every usage error ends with where
// help is, `help <unknown>` names what was unknown, and a mistyped subcommand (which the root
// command would otherwise take as a prompt) is named with the command it was probably meant as.
import type { Command } from "commander";
import { UserError } from "../util/errors.js";

const commandPath = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
};

const helpPointer = (cmd: Command) => `For more information, try '${commandPath(cmd)} --help'.`;

/** Every command's usage errors as `codex-litellm: …` followed by where its help is. */
export function addHelpPointers(cmd: Command): void {
  cmd.configureOutput({
    outputError: (text, write) =>
      write(`${text.replace(/^error: /, "codex-litellm: ").replace(/\n*$/, "\n")}${helpPointer(cmd)}\n`),
  });
  for (const sub of cmd.commands) addHelpPointers(sub);
}

/** Optimal string alignment distance (an adjacent swap counts as one edit). */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number) => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

const namesOf = (program: Command): string[] =>
  program.commands.flatMap((c) => [c.name(), ...c.aliases()]).concat("help");

/** The subcommand `word` is probably a misspelling of (as commander suggests: close, and most letters shared). */
function closestCommand(program: Command, word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of namesOf(program)) {
    if (name.length < 2) continue;
    const distance = editDistance(word, name);
    const similar = (Math.max(word.length, name.length) - distance) / Math.max(word.length, name.length) > 0.4;
    if (distance <= 2 && similar && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function unknownCommand(program: Command, word: string, prefix = ""): UserError {
  const guess = closestCommand(program, word);
  return new UserError(
    `${prefix}unknown command '${word}'${guess ? ` (did you mean '${guess}'?)` : ""}\n${helpPointer(program)}`,
  );
}

/**
 * Refuses, before parsing, `help <unknown>` and a first word that is a near miss of a subcommand
 * when it cannot be a prompt for the UI: more words follow it, or stdin is not a terminal.
 */
export function checkCommandWord(program: Command, argv: readonly string[], stdinIsTty: boolean): void {
  const [first, second, ...rest] = argv;
  if (first === undefined || first.startsWith("-")) return;
  const known = namesOf(program);
  if (first === "help") {
    if (second !== undefined && !second.startsWith("-") && !known.includes(second))
      throw unknownCommand(program, second, "help: ");
    return;
  }
  if (known.includes(first) || !/^[a-z][a-z-]*$/.test(first)) return;
  const moreWords = [second, ...rest].some((a) => a !== undefined && !a.startsWith("-"));
  if ((moreWords || !stdinIsTty) && closestCommand(program, first)) throw unknownCommand(program, first);
}
