// In CI (CI=true, as `.ci/run` is run) nothing may skip: a test that cannot run there fails with
// what it needs. Elsewhere it skips, and vitest's summary counts it as skipped.
export const inCi = process.env.CI === "true" || process.env.CI === "1";

/** Fails in CI when `available` is false; otherwise tells whether the test can run. */
export function availableOrFailInCi(available: boolean, what: string): boolean {
  if (!available && inCi) throw new Error(`${what} is needed in CI and is not available on this machine`);
  return available;
}
