// The code a session needs before it starts: config, its secrets, telemetry and the UI log (the
// config chunk brings the session's core with it). The plain interactive start
// (cli/interactive.ts) begins importing it together with the UI's code, so reading and compiling
// it overlaps loading Ink instead of waiting for Ink's first frame; runSession awaits the same
// import.
const load = () =>
  Promise.all([
    import("../config/load.js"),
    import("../config/secrets.js"),
    import("../telemetry/telemetry.js"),
    import("../telemetry/tui-log.js"),
  ]);

let loading: ReturnType<typeof load> | null = null;

export function sessionCode(): ReturnType<typeof load> {
  return (loading ??= load());
}
