/**
 * `lakebook validate [paths...]`: checks job configs and prints every problem as
 * `file:line:col: message`.
 *
 * @module
 */
import { join, relative, resolve } from "node:path";
import { SparkSession } from "../connect/session.ts";
import { CONFIG_DIR, findProjectRoot } from "../config/resolve.ts";
import { formatProblem } from "../config/problems.ts";
import { validateConfig } from "../config/validate.ts";
import { localServerStatus } from "../server/local.ts";
import { type CommandGroup, parseCommand, UsageError } from "./command.ts";

const HELP_CMD = "lakebook validate --help";

const HELP = `Usage: lakebook validate [options] [paths...]

Checks job configs (default: every ingestion_config/*.yaml of the project around the current
folder) and prints each problem as file:line:col: message. Exits 1 when any config has one.

SQL expressions (filters, aggregate metrics, partition expressions) are checked by asking Spark
to analyze them, without reading data: on --spark URL, else $SPARK_REMOTE, else the running
local server (lakebook spark start); without one they are left unchecked.

Options:
  --spark URL     the Spark Connect server to check SQL with (sc://host:port)
  --no-spark      skip the SQL check`;

/**
 * The `validate` command group: `lakebook validate [paths...]`.
 *
 * @example
 * const code = await validateCommands.run(["ingestion_config/reviews.yaml"]); // 0 when valid
 */
export const validateCommands: CommandGroup = {
  name: "validate",
  summary: "check job configs (ingestion_config/*.yaml)",
  async run(args) {
    const parsed = parseCommand(args, {
      spark: { type: "string" },
      "no-spark": { type: "boolean" },
    }, { help: HELP, helpCmd: HELP_CMD, positionals: true });
    if (parsed === undefined) return 0;
    const { values, positionals } = parsed;
    if (values.spark !== undefined && values["no-spark"]) {
      throw new UsageError("--spark and --no-spark exclude each other", HELP_CMD);
    }
    const paths = positionals.length > 0 ? positionals : await defaultConfigs();
    const spark = values["no-spark"] ? undefined : await sparkSession(values.spark);
    let failed = 0;
    try {
      for (const path of paths) {
        const problems = await validateConfig(path, { spark });
        for (const problem of problems) console.log(formatProblem(problem));
        if (problems.length === 0) console.log(`${path}: ok`);
        else failed++;
      }
    } finally {
      await spark?.stop();
    }
    if (!spark && !values["no-spark"]) {
      console.error("lakebook: SQL expressions not checked: no Spark server (see --spark)");
    }
    if (failed > 0) console.error(`lakebook: ${failed} of ${paths.length} configs have problems`);
    return failed > 0 ? 1 : 0;
  },
};

/** Every `ingestion_config/*.yaml` of the project around the current folder, sorted. */
async function defaultConfigs(): Promise<string[]> {
  const root = findProjectRoot(Deno.cwd());
  if (!root) {
    throw new UsageError(`no ${CONFIG_DIR}/ folder here or above: name the configs`, HELP_CMD);
  }
  const dir = join(root, CONFIG_DIR);
  const paths: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /\.ya?ml$/.test(entry.name)) {
      paths.push(relative(Deno.cwd(), resolve(dir, entry.name)));
    }
  }
  if (paths.length === 0) throw new UsageError(`no configs (*.yaml) in ${dir}`, HELP_CMD);
  return paths.sort();
}

/** A session on the given URL, else $SPARK_REMOTE, else the running local server, else none. */
async function sparkSession(url: string | undefined): Promise<SparkSession | undefined> {
  const target = url ?? Deno.env.get("SPARK_REMOTE") ?? (await localServerStatus())?.url;
  return target ? await SparkSession.connect(target) : undefined;
}
