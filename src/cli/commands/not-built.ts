import { UserError } from "../../util/errors.js";

/** Commands whose implementation has not landed yet say so plainly; they never pretend. */
export function notBuilt(command: string): never {
  throw new UserError(`\`${command}\` is not available in this version yet`, 2);
}
