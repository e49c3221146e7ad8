export { isKnownSafeCommand, isSafeToCallWithExec, shellScriptOf } from "./safe-commands.js";
export { parsePlainCommands, type ShellWord } from "./shell-parse.js";
