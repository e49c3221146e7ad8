// The code a session needs before it starts: config, its secrets and telemetry (the config chunk
// brings the session's core with it; the UI log waits for the ready session). The plain
// interactive start (cli/interactive.ts) begins importing it together with the UI's code, so
// reading and compiling it overlaps loading Ink instead of waiting for Ink's first frame;
// runSession awaits the same import.
const load = () =>
  Promise.all([import("../config/load.js"), import("../config/secrets.js"), import("../telemetry/telemetry.js")]);

let loading: ReturnType<typeof load> | null = null;

export function sessionCode(): ReturnType<typeof load> {
  return (loading ??= load());
}
