import { render } from "ink";
import React from "react";
import { KeyRouter } from "./components/use-keys.js";

/** Renders one Ink screen until it calls `done`; resolves with what it passed. `erase`: its last frame is cleared. */
export function screen<T>(build: (done: (value: T) => void) => React.ReactElement, erase = false): Promise<T> {
  return new Promise((resolve) => {
    let result: T;
    const instance = render(
      <>
        <KeyRouter />
        {build((value) => {
          result = value;
          if (erase) instance.clear();
          instance.unmount();
        })}
      </>,
      { exitOnCtrlC: true },
    );
    void instance.waitUntilExit().then(() => resolve(result));
  });
}
