// Names a spawned agent is shown by (upstream gives each a scientist's name); a role's
// `nickname_candidates` come first.
const NAMES = [
  "Einstein",
  "Curie",
  "Noether",
  "Turing",
  "Lovelace",
  "Hopper",
  "Darwin",
  "Faraday",
  "Bohr",
  "Meitner",
  "Franklin",
  "Galileo",
  "Kepler",
  "Newton",
  "Pascal",
  "Euler",
  "Gauss",
  "Riemann",
  "Hilbert",
  "Ramanujan",
];

export function pickNickname(candidates: readonly string[], taken: ReadonlySet<string | null>): string {
  const pool = [...candidates, ...NAMES];
  const free = pool.find((name) => !taken.has(name));
  if (free) return free;
  for (let n = 2; ; n++) {
    const numbered = `${pool[0] ?? "Agent"} ${n}`;
    if (!taken.has(numbered)) return numbered;
  }
}
