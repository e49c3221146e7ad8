// Keys typed the moment a new prompt is drawn reach it. Ink's own useInput starts listening only
// at React's passive effects, some time after the commit that drew the prompt; keys read in
// between went to the component it replaced and were lost (seen on a loaded machine: the text
// typed into /review's instructions step). Here the keys are written at the commit that draws the
// prompt (a layout effect), before any passive effect has run.
import { render } from "ink-testing-library";
import React, { useLayoutEffect, useState } from "react";
import { describe, expect, it, vi } from "vitest";
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
});
