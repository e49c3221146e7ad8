// Builds dist/ once before any test runs, so e2e tests exercise the real bundle.
// @ts-expect-error plain ESM build script without type declarations
import { bundle } from "../../scripts/bundle.mjs";

export default async function setup(): Promise<void> {
  await bundle({ quiet: true, ifStale: true });
}
