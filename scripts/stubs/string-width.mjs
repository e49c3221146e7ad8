// What the bundle gives Ink, widest-line and cli-truncate for `string-width` (scripts/bundle.mjs):
// one copy of the package (they hold three of the same version), with a fast path
// (string-width-fast-path.mjs; the class is computed when the bundle is built).
/* global __ONE_COLUMN_CHARACTERS__ */
import stringWidth from "string-width-8";
import stripAnsi from "string-width-8/strip-ansi";
import { withFastPath } from "./string-width-fast-path.mjs";

export default withFastPath(stringWidth, stripAnsi, __ONE_COLUMN_CHARACTERS__);
