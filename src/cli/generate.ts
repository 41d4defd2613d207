/**
 * `lakebook generate reviews`: deterministic synthetic reviews as JSON lines (see
 * `src/data/generate.ts`).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findProjectRoot } from "../config/resolve.ts";
import { DEFAULT_RATES, type LineKind, readWords, writeReviews } from "../data/generate.ts";
import { type CommandGroup, parseCommand, UsageError } from "./command.ts";

const HELP_CMD = "lakebook generate --help";

const HELP = `Usage: lakebook generate reviews --rows N --out PATH [options]

Writes synthetic restaurant reviews as JSON lines: long Unicode texts with emoji, ratings 1-5,
ISO date-times over six years, duplicates and late updates, inappropriate words at a low rate
plus a few mostly-profane reviews, and bad rows of every kind (corrupt JSON, wrong types,
missing or null fields, ratings outside 1..5, unparsable timestamps, null keys, empty and huge
texts). The same options always give byte-identical output.

Options:
  --rows N             lines to write, bad ones included (required)
  --out PATH           a file, or a folder with --files K (part-00000.jsonl, ...); - for stdout
  --seed S             the seed, an integer (default 1)
  --bad-ratio R        fraction of bad or awkward lines, 0..1 (default 0.01)
  --files K            split the lines over K files, in order (default 1)
  --restaurants N      distinct restaurants (default rows / 50, between 5 and 100000)
  --words PATH         inappropriate words, one a line (default: data/inappropriate_words.txt
                       of the project around the current folder, else Lakebook's own)
  --duplicate-rate R   exact copies of earlier lines (default ${DEFAULT_RATES.duplicate})
  --update-rate R      later versions of earlier reviews (default ${DEFAULT_RATES.update})
  --word-rate R        reviews holding inappropriate words (default ${DEFAULT_RATES.word})
  --profane-rate R     reviews made mostly of inappropriate words (default ${DEFAULT_RATES.profane})
  --json               print the statistics as one JSON object on stdout`;

/**
 * The `generate` command group: `lakebook generate reviews ...`.
 *
 * @example
 * const code = await generateCommands.run(["reviews", "--rows", "1000", "--out", "/tmp/r.jsonl"]);
 */
export const generateCommands: CommandGroup = {
  name: "generate",
  summary: "write synthetic data (reviews) for demos, tests and benchmarks",
  async run(args) {
    const [what, ...rest] = args;
    if (what === undefined || what === "--help" || what === "-h" || what === "help") {
      console.log(HELP);
      return 0;
    }
    if (what !== "reviews") {
      throw new UsageError(`unknown command "generate ${what}"`, HELP_CMD);
    }
    return await reviews(rest);
  },
};

async function reviews(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {
    rows: { type: "string" },
    out: { type: "string" },
    seed: { type: "string" },
    "bad-ratio": { type: "string" },
    files: { type: "string" },
    restaurants: { type: "string" },
    words: { type: "string" },
    "duplicate-rate": { type: "string" },
    "update-rate": { type: "string" },
    "word-rate": { type: "string" },
    "profane-rate": { type: "string" },
    json: { type: "boolean" },
  }, { help: HELP, helpCmd: HELP_CMD });
  if (parsed === undefined) return 0;
  const { values } = parsed;
  if (values.rows === undefined) throw new UsageError("--rows is required", HELP_CMD);
  if (values.out === undefined) throw new UsageError("--out is required", HELP_CMD);
  if (values.out === "-" && values.json) {
    throw new UsageError("--json needs stdout: give --out a path", HELP_CMD);
  }
  const rate = (flag: string, value: string | undefined) =>
    value === undefined ? undefined : fraction(flag, value);
  // The project's words file, else the one Lakebook ships.
  const root = findProjectRoot(Deno.cwd()) ?? fileURLToPath(new URL("../../", import.meta.url));
  const wordsPath = values.words ?? join(root, "data/inappropriate_words.txt");
  const words = await readWords(wordsPath).catch((err) => {
    if (err instanceof Deno.errors.NotFound) throw new Error(`no words file at ${wordsPath}`);
    throw err;
  });
  const rates = Object.fromEntries(
    [
      ["duplicate", rate("--duplicate-rate", values["duplicate-rate"])],
      ["update", rate("--update-rate", values["update-rate"])],
      ["word", rate("--word-rate", values["word-rate"])],
      ["profane", rate("--profane-rate", values["profane-rate"])],
    ].filter(([, v]) => v !== undefined),
  );
  const stats = await writeReviews({
    rows: integer("--rows", values.rows, 0),
    seed: integer("--seed", values.seed ?? "1", -(2 ** 31), 2 ** 32 - 1),
    badRatio: rate("--bad-ratio", values["bad-ratio"]),
    files: integer("--files", values.files ?? "1", 1),
    restaurants: values.restaurants === undefined
      ? undefined
      : integer("--restaurants", values.restaurants, 1),
    words,
    rates,
    out: values.out,
  });
  const summary = {
    ...stats,
    rowsPerSecond: Math.round(stats.rows / stats.seconds),
    mbPerSecond: Number((stats.bytes / 1e6 / stats.seconds).toFixed(1)),
  };
  if (values.json) console.log(JSON.stringify(summary));
  const bad = Object.entries(stats.counts)
    .filter(([kind, n]) => n > 0 && !["review", "update", "duplicate", "profane"].includes(kind))
    .map(([kind, n]) => `${kind} ${n}`);
  const count = (kind: LineKind) => stats.counts[kind].toLocaleString("en-US");
  console.error(
    `lakebook: wrote ${stats.rows.toLocaleString("en-US")} reviews ` +
      `(${(stats.bytes / 1e6).toFixed(1)} MB) to ${stats.files.length} file(s) in ` +
      `${stats.seconds.toFixed(2)} s: ${summary.rowsPerSecond.toLocaleString("en-US")} rows/s, ` +
      `${summary.mbPerSecond} MB/s\n` +
      `  good: review ${count("review")}, update ${count("update")}, duplicate ` +
      `${count("duplicate")}, profane ${count("profane")}\n` +
      `  bad: ${bad.length > 0 ? bad.join(", ") : "none"}`,
  );
  return 0;
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(
      `${flag} must be an integer from ${min} to ${max}, got "${text}"`,
      HELP_CMD,
    );
  }
  return n;
}

function fraction(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag} must be a number from 0 to 1, got "${text}"`, HELP_CMD);
  }
  return n;
}
