// Option smuggling against the known-safe list (issue 29, item 2): every form that can write a
// file or run a program must ask under `untrusted`, directly and inside `bash -lc`.
import { describe, expect, it } from "vitest";

import { isKnownSafeCommand } from "./safe-commands.js";

const bash = (script: string) => ["bash", "-lc", script];
const anyHostProgram = () => true;

/** Each form as a direct argv; the same words are also tried as a `bash -lc` script. */
const SMUGGLED: [string, string[]][] = [
  // sed: only `sed -n N[,M]p [FILE]`; GNU sed permutes, so an option after the script is still an option.
  ["sed -e script with w (writes FILE)", ["sed", "-n", "1p", "-ew FILE"]],
  ["sed -e script with e (runs CMD; a file named 1p)", ["sed", "-n", "1p", "-e1e touch pwned"]],
  ["sed -e script with W", ["sed", "-n", "1p", "-e1W FILE"]],
  ["sed -e script with r", ["sed", "-n", "1p", "-e1r /etc/passwd"]],
  ["sed --expression=w", ["sed", "-n", "1p", "--expression=w FILE"]],
  ["sed --expression w", ["sed", "-n", "1p", "--expression", "w FILE"]],
  ["sed -i after the script", ["sed", "-n", "1p", "-i"]],
  ["sed -i.bak cluster", ["sed", "-n", "1p", "-i.bak"]],
  ["sed -s", ["sed", "-n", "1p", "-s"]],
  ["sed -f script file", ["sed", "-n", "1p", "-fscript.sed"]],
  ["sed --in-place=", ["sed", "-n", "1p", "--in-place=.bak"]],
  ["sed combined -ni", ["sed", "-ni", "1p", "file"]],
  ["sed -n with a w command as the script", ["sed", "-n", "1w FILE"]],
  ["sed -n with an e command as the script", ["sed", "-n", "1e id"]],
  ["sed -n p;w", ["sed", "-n", "1p;w FILE", "file"]],
  ["sed with -- and a file", ["sed", "-n", "1p", "--", "file"]],
  ["sed with two files", ["sed", "-n", "1p", "a", "b"]],
  ["sed without -n", ["sed", "1p", "file"]],
  ["sed -E", ["sed", "-E", "-n", "1p", "file"]],
  // find
  ["find -exec", ["find", ".", "-exec", "touch", "pwned", ";"]],
  ["find -execdir", ["find", ".", "-execdir", "touch", "pwned", "+"]],
  ["find -ok", ["find", ".", "-ok", "rm", "{}", ";"]],
  ["find -okdir", ["find", ".", "-okdir", "rm", "{}", ";"]],
  ["find -delete after other primaries", ["find", ".", "-name", "x", "-delete"]],
  ["find -fprint", ["find", ".", "-fprint", "FILE"]],
  ["find -fprint0", ["find", ".", "-fprint0", "FILE"]],
  ["find -fprintf", ["find", ".", "-fprintf", "FILE", "%p"]],
  ["find -fls", ["find", ".", "-fls", "FILE"]],
  ["find options first, then -exec", ["find", "-L", ".", "-maxdepth", "1", "-exec", "id", ";"]],
  // git: never known-safe
  ["git -c core.pager", ["git", "-c", "core.pager=touch pwned", "log"]],
  ["git -c alias", ["git", "-c", "alias.st=!touch pwned", "st"]],
  ["git --exec-path", ["git", "--exec-path=.", "status"]],
  ["git --output", ["git", "log", "--output=FILE"]],
  ["git diff --ext-diff", ["git", "diff", "--ext-diff"]],
  ["git ls-remote --upload-pack", ["git", "ls-remote", "--upload-pack=touch pwned", "."]],
  ["git -C", ["git", "-C", "/tmp", "status"]],
  ["git --paginate", ["git", "--paginate", "log"]],
  ["git grep -O (open files in pager)", ["git", "grep", "-Otouch", "x"]],
  ["git status", ["git", "status"]],
  // rg
  ["rg --pre", ["rg", "--pre", "touch", "x"]],
  ["rg --pre=", ["rg", "--pre=./evil", "x"]],
  ["rg --pre-glob", ["rg", "--pre-glob", "*", "--pre", "sh", "x"]],
  ["rg --pre-glob=", ["rg", "--pre-glob=*", "x"]],
  ["rg --pre after the operands", ["rg", "x", ".", "--pre", "sh"]],
  ["rg -z", ["rg", "-z", "x"]],
  ["rg -z in a cluster", ["rg", "-inz", "x"]],
  ["rg --search-zip", ["rg", "--search-zip", "x"]],
  ["rg --hostname-bin", ["rg", "--hostname-bin=./evil", "x"]],
  // base64
  ["base64 -o", ["base64", "-o", "FILE"]],
  ["base64 -oFILE", ["base64", "-oFILE"]],
  ["base64 -do cluster", ["base64", "-do", "FILE", "in"]],
  ["base64 --output=", ["base64", "--output=FILE"]],
  ["base64 --out= (abbreviation)", ["base64", "--out=FILE"]],
  ["base64 --o (abbreviation)", ["base64", "--o", "FILE"]],
  // uniq writes its second operand
  ["uniq IN OUT", ["uniq", "in", "out"]],
  ["uniq -c IN OUT", ["uniq", "-c", "in", "out"]],
  ["uniq IN -- OUT", ["uniq", "in", "--", "out"]],
  ["uniq -f 1 IN OUT", ["uniq", "-f", "1", "in", "out"]],
  // programs that run programs or write: never known-safe, with any arguments
  ["awk print (any awk program)", ["awk", "{print}", "file"]],
  ["awk system()", ["awk", 'BEGIN{system("touch pwned")}']],
  ["awk print >", ["awk", '{print > "FILE"}', "file"]],
  ["awk print |", ["awk", '{print | "sh"}', "file"]],
  ["gawk", ["gawk", "{print}", "file"]],
  ["env", ["env", "touch", "pwned"]],
  ["env with a safe command", ["env", "ls"]],
  ["env -S", ["env", "-S", "ls -la"]],
  ["xargs", ["xargs", "touch"]],
  ["xargs with a safe command", ["xargs", "cat"]],
  ["nice", ["nice", "ls"]],
  ["timeout", ["timeout", "5", "ls"]],
  ["stdbuf", ["stdbuf", "-o0", "ls"]],
  ["nohup", ["nohup", "ls"]],
  ["command", ["command", "ls"]],
  ["exec", ["exec", "ls"]],
  ["eval", ["eval", "ls"]],
  ["sudo", ["sudo", "ls"]],
  ["sort -o", ["sort", "-o", "FILE", "x"]],
  ["tee", ["tee", "FILE"]],
  ["cp", ["cp", "a", "b"]],
  ["dd", ["dd", "if=/dev/zero", "of=FILE"]],
  ["perl -e", ["perl", "-e", "print 1"]],
  ["python3 -c", ["python3", "-c", "print(1)"]],
  ["node -e", ["node", "-e", "1"]],
];

describe("known-safe classifier: smuggled writes and execs ask", () => {
  it.each(SMUGGLED)("%s (direct argv)", (_name, argv) => {
    expect(isKnownSafeCommand(argv, anyHostProgram)).toBe(false);
  });

  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  it.each(SMUGGLED)("%s (inside bash -lc, after a safe command)", (_name, argv) => {
    const script = argv.map(quote).join(" ");
    expect(isKnownSafeCommand(bash(script), anyHostProgram)).toBe(false);
    expect(isKnownSafeCommand(bash(`ls && ${script}`), anyHostProgram)).toBe(false);
    expect(isKnownSafeCommand(bash(`cat x | ${script}`), anyHostProgram)).toBe(false);
  });
});

describe("known-safe classifier: shell forms that write or run ask", () => {
  it.each([
    ["a redirection", "cat x > FILE"],
    ["an appending redirection", "echo x >>FILE"],
    ["a fd redirection", "ls 2>FILE"],
    ["a here-string", "cat <<< x"],
    ["a subshell", "(touch pwned)"],
    ["a subshell after a safe command", "ls; (cat x)"],
    ["command substitution", "echo $(touch pwned)"],
    ["backticks", "echo `touch pwned`"],
    ["command substitution in double quotes", 'echo "$(touch pwned)"'],
    ["process substitution", "cat <(touch pwned)"],
    ["output process substitution", "ls >(cat)"],
    ["a variable", "$X"],
    ["arithmetic", "echo $((1+1))"],
    ["a newline then an unsafe command", "ls\ntouch pwned"],
    ["a carriage return", "ls\rtouch pwned"],
    ["a semicolon chain with an unsafe part", "ls; rm -rf x"],
    ["an && chain with an unsafe part", "cat x && touch pwned"],
    ["an || chain with an unsafe part", "false || touch pwned"],
    ["a pipe into sh", "echo id | sh"],
    ["a pipe into xargs", "ls | xargs rm"],
    ["a background job", "sleep 1 & touch pwned"],
    ["an assignment prefix", "PAGER=touch ls"],
    ["a function definition", "f() { touch pwned; }; f"],
    ["a brace group", "{ touch pwned; }"],
    ["a glob that can expand to -delete", "find . *"],
    ["a glob that can expand to an option of sed", "sed -n 1p *"],
    ["a nested shell", "bash -c 'touch pwned'"],
    ["a here-document", "cat <<EOF\nx\nEOF"],
  ])("%s: %j", (_name, script) => {
    expect(isKnownSafeCommand(bash(script), anyHostProgram)).toBe(false);
  });
});

describe("known-safe classifier: read-only forms still run without asking", () => {
  it.each<string[]>([
    ["sed", "-n", "1p", "file"],
    ["sed", "-n", "1,5p", "src/index.ts"],
    ["sed", "-n", "10p"],
    ["base64", "-d", "in.b64"],
    ["base64", "--decode", "in.b64"],
    ["base64", "-w", "0", "file"],
    ["find", ".", "-name", "*.ts", "-type", "f"],
    ["find", ".", "-newer", "x", "-print0"],
    ["rg", "-n", "--glob", "*.ts", "pattern"],
    ["uniq", "-c", "file"],
    bash("sed -n '1,20p' README.md && rg -n foo src | head"),
  ])("%j", (...argv) => {
    expect(isKnownSafeCommand(argv, anyHostProgram)).toBe(true);
  });
});
