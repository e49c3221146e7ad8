import { Argument, type Command } from "commander";

const SHELLS = ["bash", "zsh", "fish"] as const;

export function registerCompletionCommand(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script (e.g. `codex-litellm completion bash >> ~/.bashrc`)")
    .addArgument(new Argument("[shell]", "shell to generate for").choices(SHELLS).default("bash"))
    .action((shell: (typeof SHELLS)[number]) => {
      process.stdout.write(completionScript(program, shell));
    });
}

interface Node {
  path: string[];
  subcommands: string[];
  options: string[];
}

/** Walks the command tree so completions never drift from the real commands. */
function collect(cmd: Command, path: string[] = []): Node[] {
  const options = cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
  const subs = cmd.commands.filter((c) => c.name() !== "help");
  return [
    { path, subcommands: subs.map((c) => c.name()), options: [...options, "--help"] },
    ...subs.flatMap((c) => collect(c, [...path, c.name()])),
  ];
}

export function completionScript(program: Command, shell: (typeof SHELLS)[number]): string {
  const name = program.name();
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
  const nodes = collect(program);
  if (shell === "fish") {
    const lines = [`# fish completion for ${name}`, `complete -c ${name} -f`];
    for (const n of nodes) {
      const cond = n.path.length ? `__fish_seen_subcommand_from ${n.path[n.path.length - 1]}` : "__fish_use_subcommand";
      for (const s of n.subcommands) lines.push(`complete -c ${name} -n '${cond}' -a '${s}'`);
      for (const o of n.options)
        lines.push(`complete -c ${name} -n '${cond}' ${o.startsWith("--") ? `-l ${o.slice(2)}` : `-s ${o.slice(1)}`}`);
    }
    return `${lines.join("\n")}\n`;
  }
  const cases = nodes
    .map((n) => `    "${n.path.join(" ")}") words="${[...n.subcommands, ...n.options].join(" ")}" ;;`)
    .join("\n");
  const bash = `${fn}() {
  local cur path="" w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${nodes
  .filter((n) => n.path.length)
  .map((n) => `      "${n.path.join(" ")}") path="${n.path.join(" ")}" ;;`)
  .join("\n")}
    esac
  done
  local words
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
  return shell === "zsh"
    ? `#compdef ${name}\nautoload -U +X bashcompinit && bashcompinit\n${bash}`
    : `# bash completion for ${name}\n${bash}`;
}
