/**
 * Loads the interactive UI's module. Ink decides once, as it is first evaluated, whether it
 * runs "in CI" (`CI` or `CONTINUOUS_INTEGRATION` set) and then never draws its live frame: in
 * a terminal the UI would show its header and no prompt. The UI runs only in a real terminal,
 * so those variables are hidden while Ink loads and put back for the commands the agent runs.
 */
export async function loadTui(): Promise<typeof import("./run-tui.js")> {
  const hidden = ["CI", "CONTINUOUS_INTEGRATION"]
    .filter((name) => name in process.env)
    .map((name) => [name, process.env[name]] as const);
  for (const [name] of hidden) delete process.env[name];
  try {
    return await import("./run-tui.js");
  } finally {
    for (const [name, value] of hidden) process.env[name] = value;
  }
}
