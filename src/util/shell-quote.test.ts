import { describe, expect, it } from "vitest";
import { displayCommand, shellJoin, shellQuote } from "./shell-quote.js";

describe("shellJoin (upstream shlex::try_join)", () => {
  it("formats argv as upstream's exec --json command strings", () => {
    expect(shellJoin(["/bin/bash", "-lc", "echo hi > out.txt"])).toBe("/bin/bash -lc 'echo hi > out.txt'");
    expect(shellJoin(["/bin/bash", "-lc", "cat hello.txt README.md"])).toBe("/bin/bash -lc 'cat hello.txt README.md'");
    expect(shellJoin(["ls", "-la", "src/exec"])).toBe("ls -la src/exec");
  });

  it("quotes like the shlex crate", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("foobar")).toBe("foobar");
    expect(shellQuote("foo bar")).toBe("'foo bar'");
    // A `'` needs double quotes, where `"` and `\` get a backslash.
    expect(shellQuote(`'"`)).toBe(`"'\\""`);
    expect(shellQuote("it's")).toBe(`"it's"`);
    // `$` cannot be double-quoted and `'` cannot be single-quoted: split into chunks.
    expect(shellQuote("$HOME's")).toBe(`'$HOME'"'s"`);
    // Backslashes are never single-quoted (fish compatibility).
    expect(shellQuote("a\\b")).toBe(`"a\\\\b"`);
    // `=`, `,`, `%`, `~`, `*` are quoted; `]`, `@`, `:` and `+` are not.
    expect(shellQuote("a=b")).toBe("'a=b'");
    expect(shellQuote("x@y:z+]")).toBe("x@y:z+]");
    expect(shellQuote("*.ts")).toBe("'*.ts'");
    // A leading `^` only inside single quotes; non-ASCII is always quoted.
    expect(shellQuote("^x")).toBe("'^x'");
    expect(shellQuote("héllo")).toBe("'héllo'");
  });

  it("shows upstream's placeholder for a NUL byte", () => {
    expect(shellQuote("a\0b")).toBeNull();
    expect(shellJoin(["echo", "a\0b"])).toBe("<command included NUL byte>");
  });
});

describe("displayCommand", () => {
  it("shows the script of a bash/zsh/sh -lc or -c wrapper bare, other argvs quoted", () => {
    expect(displayCommand(["/bin/bash", "-lc", "seq 1 3 | sed 's/^/x /'"])).toBe("seq 1 3 | sed 's/^/x /'");
    expect(displayCommand(["zsh", "-c", "ls"])).toBe("ls");
    expect(displayCommand(["bash", "-x", "ls"])).toBe("bash -x ls");
    expect(displayCommand(["python3", "-c", "print(1)"])).toBe("python3 -c 'print(1)'");
    expect(displayCommand(["touch", "a b"])).toBe("touch 'a b'");
  });
});
