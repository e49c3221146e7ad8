import { describe, expect, it } from "vitest";

import { isKnownSafeCommand } from "./safe-commands.js";
import { parsePlainCommands } from "./shell-parse.js";

const bash = (script: string) => ["bash", "-lc", script];
/** The rules by the words alone: every bare name taken to be the host's program. */
const anyHostProgram = () => true;

describe("isKnownSafeCommand: safe", () => {
  it.each<string[]>([
    ["ls"],
    ["ls", "-la", "src"],
    ["cat", "README.md"],
    ["pwd"],
    ["echo", "hi"],
    ["true"],
    ["false"],
    ["wc", "-l", "x"],
    ["head", "-n", "5", "x"],
    ["tail", "-f", "x"],
    ["grep", "-R", "foo", "."],
    ["which", "node"],
    ["nl", "-nrz", "Cargo.toml"],
    ["cd", "src"],
    ["stat", "x"],
    ["uname", "-a"],
    ["whoami"],
    ["id"],
    ["seq", "3"],
    ["uniq", "-c", "file"],
    ["base64"],
    ["base64", "-d", "file"],
    ["tac", "file"],
    ["numfmt", "1000"],
    ["find", ".", "-name", "file.txt"],
    ["find", ".", "-type", "f", "-print"],
    ["rg", "Cargo.toml", "-n"],
    ["rg", "--glob=*.ts", "foo"],
    ["sed", "-n", "10p"],
    ["sed", "-n", "1,5p", "file.txt"],
    ["zsh", "-lc", "ls"],
    bash("ls"),
    bash("ls -1"),
    bash('grep -R "Cargo.toml" -n'),
    bash("sed -n 1,5p file.txt"),
    bash("sed -n '1,5p' file.txt"),
    bash("find . -name file.txt"),
    bash('grep -R "Cargo.toml" -n || true'),
    bash("ls && pwd"),
    bash("echo 'hi' ; ls"),
    bash("ls | wc -l"),
    bash("ls;"),
    bash("ls\npwd\n"),
    bash("ls &&\n  pwd"),
    bash("cat *.md | head"),
    bash("ls ~/src"),
    bash("rg -g'*.ts' foo"),
    bash('echo "a \\"quoted\\" word"'),
    bash("echo don\\'t"),
    ["sh", "-c", "ls"],
  ])("%j", (...argv) => {
    expect(isKnownSafeCommand(argv, anyHostProgram)).toBe(true);
  });
});

describe("isKnownSafeCommand: not safe", () => {
  it.each<string[]>([
    [],
    [""],
    ["foo"],
    ["rm", "-rf", "/"],
    ["cargo", "check"],
    // A path runs whatever file is there (the repo's own `ls`), not the host's program.
    ["./ls"],
    ["bin/cat", "x"],
    ["/bin/ls"],
    ["./bash", "-lc", "ls"],
    ["/bin/bash", "-c", "cat README.md"],
    bash("./ls"),
    bash("bin/cat x"),
    bash("ls && /bin/cat x"),
    bash("~/bin/ls"),
    // git runs programs the repository names (core.fsmonitor, filters, diff.external, pager…).
    ["git", "status"],
    ["git", "log", "--oneline", "-n", "5"],
    ["git", "diff", "HEAD~1"],
    ["git", "show", "HEAD"],
    ["git", "branch"],
    ["git", "branch", "--show-current"],
    ["git", "--no-pager", "log"],
    ["git", "-c", "core.fsmonitor=false", "status"],
    bash("git status"),
    bash("ls && git diff"),
    ["git", "fetch"],
    ["git", "checkout", "status"],
    ["git", "branch", "-d", "feature"],
    ["git", "branch", "new-branch"],
    ["git", "-C", ".", "branch", "-d", "feature"],
    ["git", "log", "--output=/tmp/out", "-n", "1"],
    ["git", "diff", "--output", "/tmp/out"],
    ["git", "show", "--output=/tmp/out", "HEAD"],
    ["git", "diff", "--ext-diff"],
    ["git", "log", "--textconv"],
    ["git", "-c", "core.pager=cat", "log"],
    ["git", "-ccore.pager=cat", "status"],
    ["git", "--config-env=core.pager=X", "status"],
    ["git", "--exec-path=/tmp/evil", "status"],
    ["git", "-p", "log"],
    ["git"],
    ["sed", "-n", "xp", "file.txt"],
    ["sed", "-i", "1d", "file"],
    ["sed", "-n", "1p", "a", "b"],
    ["sed", "-n", "1,2,3p"],
    ["find", ".", "-name", "file.txt", "-exec", "rm", "{}", ";"],
    ["find", ".", "-name", "*.py", "-execdir", "python3", "{}", ";"],
    ["find", ".", "-name", "file.txt", "-ok", "rm", "{}", ";"],
    ["find", ".", "-name", "*.py", "-okdir", "python3", "{}", ";"],
    ["find", ".", "-delete", "-name", "file.txt"],
    ["find", ".", "-fls", "/etc/passwd"],
    ["find", ".", "-fprint", "/etc/passwd"],
    ["find", ".", "-fprint0", "/etc/passwd"],
    ["find", ".", "-fprintf", "/root/suid.txt", "%#m %u %p\n"],
    ["rg", "--search-zip", "files"],
    ["rg", "-z", "files"],
    ["rg", "-nz", "files"],
    ["rg", "--pre", "pwned", "files"],
    ["rg", "--pre=pwned", "files"],
    ["rg", "--hostname-bin", "pwned", "files"],
    ["rg", "--hostname-bin=pwned", "files"],
    ["base64", "-o", "out.bin"],
    ["base64", "--output", "out.bin"],
    ["base64", "--output=out.bin"],
    ["base64", "-ob64.txt"],
    ["uniq", "in", "out"],
    ["bash", "-lc", "git", "status"],
    bash("'git status'"),
    bash("find . -name file.txt -delete"),
    bash("ls && rm -rf /"),
    bash("(ls)"),
    bash("ls || (pwd && echo hi)"),
    bash("ls > out.txt"),
    bash("ls >> out.txt"),
    bash("cat < /etc/passwd"),
    bash("ls 2>/dev/null"),
    bash("echo $HOME"),
    bash("echo ${HOME}"),
    bash('echo "$HOME"'),
    bash("echo `id`"),
    bash('echo "`id`"'),
    bash("echo $(id)"),
    bash("ls &"),
    bash("ls & pwd"),
    bash("ls |& cat"),
    bash("FOO=bar ls"),
    bash("{ ls; }"),
    bash("echo {a,b}"),
    bash("! ls"),
    bash("ls # comment"),
    bash("if true; then ls; fi"),
    bash("for f in a; do ls; done"),
    bash("ls;;"),
    bash("; ls"),
    bash("ls &&"),
    bash("ls | "),
    bash("&& ls"),
    bash("ls && && pwd"),
    bash("echo 'unterminated"),
    bash('echo "unterminated'),
    bash("echo trailing\\"),
    bash("echo a\\\nb"),
    bash("ls\r"),
    bash(""),
    bash("   "),
    bash("find * -name x"),
    bash("sed -n 1p *"),
    bash("*"),
    bash("uniq a b"),
    bash("bash -lc ls"),
    bash("cat <(ls)"),
    ["bash", "-x", "ls"],
    ["fish", "-c", "ls"],
    ["bash", "-lc"],
  ])("%j", (...argv) => {
    expect(isKnownSafeCommand(argv, anyHostProgram)).toBe(false);
  });
});

describe("isKnownSafeCommand: every program must be the host's", () => {
  const onlyHost =
    (...names: string[]) =>
    (name: string) =>
      names.includes(name);

  it("a safe command whose program is not the host's is not safe", () => {
    expect(isKnownSafeCommand(["ls"], onlyHost("cat"))).toBe(false);
    expect(isKnownSafeCommand(["cat", "x"], onlyHost("cat"))).toBe(true);
  });

  it("the shell and every command of its script are checked; builtins need no program", () => {
    expect(isKnownSafeCommand(bash("cat x | wc -l"), onlyHost("bash", "cat", "wc"))).toBe(true);
    expect(isKnownSafeCommand(bash("cat x | wc -l"), onlyHost("bash", "cat"))).toBe(false);
    expect(isKnownSafeCommand(bash("cat x"), onlyHost("cat"))).toBe(false);
    expect(isKnownSafeCommand(["zsh", "-lc", "cat x"], onlyHost("bash", "cat"))).toBe(false);
    expect(isKnownSafeCommand(bash("cd src && echo hi && pwd && true"), onlyHost("bash"))).toBe(true);
  });
});

describe("parsePlainCommands", () => {
  const words = (script: string) => parsePlainCommands(script)?.map((cmd) => cmd.map((w) => w.text));

  it("splits on the allowed operators and removes quotes", () => {
    expect(words("ls && pwd; echo 'hi there' | wc -l")).toEqual([["ls"], ["pwd"], ["echo", "hi there"], ["wc", "-l"]]);
    expect(words('echo "hello world" a\\ b -g"*.py"')).toEqual([["echo", "hello world", "a b", "-g*.py"]]);
    expect(words("echo 123 456")).toEqual([["echo", "123", "456"]]);
    expect(words('echo ""')).toEqual([["echo", ""]]);
    expect(words("\n\nls\n\n")).toEqual([["ls"]]);
  });

  it("flags unquoted globs only", () => {
    const parsed = parsePlainCommands("ls *.md '*.txt' \"?\" a[bc]");
    expect(parsed?.[0]?.map((w) => w.glob)).toEqual([false, true, false, false, true]);
  });

  it("rejects everything outside the subset", () => {
    for (const script of ["(ls)", "ls > x", "echo $X", "ls &", "FOO=1 ls", "ls #c", "echo {a,b}", "echo `x`"]) {
      expect(parsePlainCommands(script)).toBeNull();
    }
  });
});
