// Keys typed the moment a new prompt is drawn reach it. Ink's own useInput starts listening only
// at React's passive effects, some time after the commit that drew the prompt; keys read in
// between went to the component it replaced and were lost (seen on a loaded machine: the text
// typed into /review's instructions step). Here the keys are written at the commit that draws the
// prompt (a layout effect), before any passive effect has run.
import { render } from "ink-testing-library";
import React, { useLayoutEffect, useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { Composer } from "./Composer.js";
import { SelectList } from "./SelectList.js";
import { TextInput } from "./TextInput.js";
import { KeyRouter } from "./use-keys.js";

function ListThenText({ onText, onDrawn }: { onText: (text: string) => void; onDrawn: () => void }) {
  const [step, setStep] = useState<"list" | "text">("list");
  useLayoutEffect(() => {
    if (step === "text") onDrawn();
  }, [step]);
  return step === "list" ? (
    <SelectList
      title="Pick"
      items={[{ label: "write", value: "write" }]}
      onSelect={() => setStep("text")}
      onCancel={() => {}}
    />
  ) : (
    <TextInput label="› " onSubmit={onText} />
  );
}

const settled = () => new Promise((r) => setTimeout(r, 50));

describe("useKeys", () => {
  it("under a KeyRouter, the prompt a key draws hears the keys typed right behind it", async () => {
    const onText = vi.fn();
    const ui = render(
      <>
        <KeyRouter />
        <ListThenText onText={onText} onDrawn={() => ui.stdin.write("typed at once\r")} />
      </>,
    );
    await settled();
    ui.stdin.write("\r");
    await settled();
    expect(onText).toHaveBeenCalledWith("typed at once");
    ui.unmount();
  });

  it("a component rendered on its own still hears keys (through Ink)", async () => {
    const onText = vi.fn();
    const ui = render(<TextInput label="› " onSubmit={onText} />);
    await settled();
    ui.stdin.write("alone\r");
    await settled();
    expect(onText).toHaveBeenCalledWith("alone");
    ui.unmount();
  });

  it("text and control keys read together are handed over key by key (Backspace, Ctrl+letter, Enter)", async () => {
    const onSubmit = vi.fn();
    const onTranscript = vi.fn();
    const ui = render(
      <>
        <KeyRouter />
        <Composer
          running={false}
          onSubmit={onSubmit}
          onTranscript={onTranscript}
          onInterrupt={() => {}}
          onQuit={() => {}}
        />
      </>,
    );
    await settled();
    // What a busy UI reads at once when "abcd", two Backspaces and Enter were typed fast.
    ui.stdin.write("abcd\x7f\x7f\r");
    await settled();
    expect(onSubmit).toHaveBeenCalledWith("ab");
    // Ctrl+T (the transcript) typed right behind a draft: the draft is kept, the view opens.
    ui.stdin.write("a draft\x14");
    await settled();
    expect(onTranscript).toHaveBeenCalledTimes(1);
    ui.stdin.write("\r");
    await settled();
    expect(onSubmit).toHaveBeenLastCalledWith("a draft");
    ui.unmount();
  });
});
