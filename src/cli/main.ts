export async function main(_argv: string[]): Promise<number> {
  process.stderr.write("codex-litellm: not built yet\n");
  return 2;
}
