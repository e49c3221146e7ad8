import path from "node:path";
import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load.js";
import { colorEnabled, type ColorMode } from "../../headless/color.js";
import { UserError } from "../../util/errors.js";
import type { FilterFlags } from "../../telemetry/report/filter.js";
import { addConfigOptions, configOptionsOf } from "../options.js";
import { printJson } from "../output.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ReportFlags extends FilterFlags {
  file?: string;
  color?: ColorMode;
}

/** Options every report command takes: config (-c/-p), which log, and which records. */
function addReportOptions(cmd: Command): Command {
  return addConfigOptions(cmd)
    .option("--file <path>", "read this usage log instead of the configured telemetry.logs.session file")
    .option(
      "--since <when>",
      "only records at or after: 2025-11-02, 2025-11-02T12:00 (local unless Z/±hh:mm), today, yesterday, or 7d, 24h, 30m ago",
    )
    .option("--until <when>", "only records before (a bare date includes that whole day); same forms as --since")
    .option("--model <name>", "only this model (repeatable, or comma-separated)", collect)
    .option("--session <id>", "only this session; an id prefix is enough (repeatable)", collect);
}

const colorOption = () =>
  new Option("--color <mode>", "colour tables and charts").choices(["always", "never", "auto"]).default("auto");

/** The usage log to read and the record filter, from the flags and config. */
async function reportContext(opts: ReportFlags, cmd: Command) {
  const { filterFromFlags } = await import("../../telemetry/report/filter.js");
  const filter = filterFromFlags(opts);
  // The report's --model picks records; it is not the session's model.
  const { overrides, flags } = configOptionsOf(cmd);
  const file =
    opts.file !== undefined
      ? path.resolve(opts.file)
      : (await loadConfig({ overrides, flags: { ...flags, model: undefined } })).telemetry.logs.session.path;
  const report = await import("../../telemetry/report/commands.js");
  const color = colorEnabled(opts.color ?? "never", process.stdout.isTTY === true);
  return { file, filter, report, io: report.processIO(color) };
}

export function registerTelemetryCommand(program: Command): void {
  const telemetry = program
    .command("telemetry")
    .description("LiteLLM usage telemetry: resolved settings, summaries, live tail, export");

  addConfigOptions(
    telemetry
      .command("config")
      .description(
        "print the resolved [telemetry] settings as JSON (defaults applied, extra telemetry.logs.* entries included)",
      ),
  )
    .option("--telemetry", "as if --telemetry were given")
    .option("--no-telemetry", "as if --no-telemetry were given")
    .action(async (_opts, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      printJson(config.telemetry);
    });

  addReportOptions(
    telemetry
      .command("summary")
      .description("totals by model, day and session: turns, tokens, cached share, cost; with a chart over time"),
  )
    .option("--json", "print the aggregate as JSON instead of tables")
    .option("--no-chart", "leave out the token and cost chart")
    .addOption(
      new Option(
        "--by <view>",
        "request: one row per model request with LiteLLM's call id, to reconcile with the proxy's spend logs",
      ).choices(["request"]),
    )
    .addOption(colorOption())
    .action(async (opts: ReportFlags & { json?: boolean; chart: boolean; by?: "request" }, cmd: Command) => {
      const { file, filter, report, io } = await reportContext(opts, cmd);
      await report.runSummary(file, filter, { json: opts.json === true, chart: opts.chart, by: opts.by }, io);
    });

  addReportOptions(
    telemetry
      .command("tail")
      .description("print the last usage records, then follow the log for new ones (Ctrl-C to stop)"),
  )
    .option(
      "-n, --lines <n>",
      "how many existing records to print first",
      (v: string) => parseCount("--lines", v, 0),
      10,
    )
    .option("--no-follow", "print the last records and exit")
    .option("--json", "print the raw JSON lines")
    .option(
      "--interval <ms>",
      "how often to check the log for new lines",
      (v: string) => parseCount("--interval", v, 10),
      250,
    )
    .action(
      async (
        opts: ReportFlags & { lines: number; follow: boolean; json?: boolean; interval: number },
        cmd: Command,
      ) => {
        const { file, filter, report, io } = await reportContext(opts, cmd);
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        process.stdout.on("error", onSignal); // EPIPE: the reader went away
        try {
          await report.runTail(
            file,
            filter,
            {
              lines: opts.lines,
              follow: opts.follow,
              json: opts.json === true,
              intervalMs: opts.interval,
              signal: stop.signal,
            },
            io,
          );
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          process.stdout.off("error", onSignal);
        }
      },
    );

  addReportOptions(
    telemetry
      .command("sessions")
      .description("list the sessions in the usage log, newest first: first/last time, models, turns, tokens, cost"),
  )
    .option("--json", "print the sessions as JSON")
    .option("-n, --limit <n>", "show at most this many sessions", (v: string) => parseCount("--limit", v, 1))
    .addOption(colorOption())
    .action(async (opts: ReportFlags & { json?: boolean; limit?: number }, cmd: Command) => {
      const { file, filter, report, io } = await reportContext(opts, cmd);
      await report.runSessions(file, filter, { json: opts.json === true, limit: opts.limit }, io);
    });

  addReportOptions(
    telemetry.command("export").description("export usage records (after filters) as CSV or a JSON array"),
  )
    .addOption(new Option("--format <format>", "output format").choices(["csv", "json"]).default("csv"))
    .option("-o, --output <file>", "write to this file (atomically) instead of stdout")
    .action(async (opts: ReportFlags & { format: "csv" | "json"; output?: string }, cmd: Command) => {
      const { file, filter, report, io } = await reportContext(opts, cmd);
      await report.runExport(file, filter, { format: opts.format, output: opts.output }, io);
    });
}

/** Parser for a whole-number option (≥ min). */
function parseCount(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UserError(
      `${flag} ${JSON.stringify(value)}: expected a whole number${min > 0 ? ` of at least ${min}` : ""}`,
    );
  }
  return n;
}
