/**
 * The sample data in `data/sample/`, rebuilt deterministically:
 *
 * - `reviews.jsonl`: 200 generated reviews of 8 restaurants (good rows only, with duplicates,
 *   late updates, a few inappropriate words and one mostly-profane rant), read by
 *   `ingestion_config/reviews.yaml` and the demo.
 * - `bad_rows.jsonl`: a small hand-written batch holding every kind of bad or awkward row on
 *   purpose, one or more lines each, with the outcome an ingestion job should give it
 *   ({@linkcode SAMPLE_BAD_ROWS}); `README.md` lists them line by line.
 *
 * `deno run -A src/data/sample.ts` rewrites the three files; a test fails when they fall behind.
 *
 * @example
 * ```sh
 * deno run -A src/data/sample.ts
 * ```
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type GenerateOptions, generateReviews, readWords } from "./generate.ts";
import { Random } from "./random.ts";
import { hugeText } from "./text.ts";

/**
 * What should happen to a sample line in `ingestion_config/reviews.yaml`'s job.
 *
 * @example
 * const outcome: Outcome = "quarantined";
 */
export type Outcome = "kept" | "quarantined" | "dropped by masking" | "duplicate removed";

/**
 * One line of `data/sample/bad_rows.jsonl`: the raw line, what is wrong or awkward about it,
 * and its expected outcome.
 *
 * @example
 * const row: SampleRow = { line: "{}", case: "corrupt JSON", outcome: "quarantined" };
 */
export interface SampleRow {
  /** The raw line, without its newline. */
  line: string;
  /** What is wrong or awkward about it. */
  case: string;
  /** What the reviews job should do with it. */
  outcome: Outcome;
}

/**
 * The options `data/sample/reviews.jsonl` is generated with (plus the words file).
 *
 * @example
 * SAMPLE_REVIEWS_OPTIONS.rows; // 200
 */
export const SAMPLE_REVIEWS_OPTIONS: Omit<GenerateOptions, "words"> = {
  rows: 200,
  seed: 2026,
  badRatio: 0,
  restaurants: 8,
  rates: { word: 0.06, profane: 0.01 },
};

const HUGE_TEXT_BYTES = 128 * 1024;

const r = (
  restaurantId: unknown,
  reviewId: unknown,
  text: unknown,
  rating: unknown,
  publishedAt: unknown,
) => JSON.stringify({ restaurantId, reviewId, text, rating, publishedAt });

/**
 * The lines of `data/sample/bad_rows.jsonl`, in order. Restaurants 901-906, so the keys never
 * meet those of `reviews.jsonl`.
 *
 * @example
 * SAMPLE_BAD_ROWS.filter((row) => row.outcome === "kept").length; // 11
 */
export const SAMPLE_BAD_ROWS: readonly SampleRow[] = [
  {
    line: r(901, 1, "Lovely crème brûlée 😋 and friendly staff.", 5, "2025-03-01T19:30:00Z"),
    case: "good row",
    outcome: "kept",
  },
  {
    line: r(901, 2, "Good pho, a bit salty. 4.5 stars from me.", 4.5, "2025-03-02T12:00:00.250Z"),
    case: "good row, fractional rating and milliseconds; updated by line 20",
    outcome: "duplicate removed",
  },
  {
    line: r(902, 3, "Tasty bánh mì, long queue.", 4, "2025-03-03T13:15:00+02:00"),
    case: "good row, publishedAt with a UTC offset",
    outcome: "kept",
  },
  {
    line: `{"restaurantId":902,"reviewId":4,"text":"The soup was gre`,
    case: "corrupt JSON: truncated line",
    outcome: "quarantined",
  },
  {
    line: `${r(902, 5, "Nice.", 4, "2025-03-05T10:00:00Z").slice(0, -1)},}`,
    case: "corrupt JSON: trailing comma",
    outcome: "quarantined",
  },
  {
    line: "<html><body><h1>502 Bad Gateway</h1></body></html>",
    case: "corrupt JSON: not JSON at all",
    outcome: "quarantined",
  },
  {
    line: r(903, 7, "Five stars!", "five", "2025-03-07T10:00:00Z"),
    case: `wrong type: "rating": "five"`,
    outcome: "quarantined",
  },
  {
    line: r(903, 4.5, "Half a review id.", 3, "2025-03-08T10:00:00Z"),
    case: `wrong type: "reviewId": 4.5`,
    outcome: "quarantined",
  },
  {
    line: r("903", 9, "Restaurant id as text.", 3, "2025-03-09T10:00:00Z"),
    case: `wrong type: "restaurantId": "903"`,
    outcome: "quarantined",
  },
  {
    line: JSON.stringify({ restaurantId: 903, reviewId: 10, text: "No date.", rating: 4 }),
    case: "missing required field: publishedAt",
    outcome: "quarantined",
  },
  {
    line: JSON.stringify({
      restaurantId: 903,
      reviewId: 11,
      rating: 2,
      publishedAt: "2025-03-11T10:00:00Z",
    }),
    case: "missing required field: text",
    outcome: "quarantined",
  },
  {
    line: r(903, 12, null, 2, "2025-03-12T10:00:00Z"),
    case: "null field: text",
    outcome: "quarantined",
  },
  {
    line: r(904, 13, "Zero stars if I could.", 0, "2025-03-13T10:00:00Z"),
    case: "rating outside 1..5: 0",
    outcome: "quarantined",
  },
  {
    line: r(904, 14, "Six stars!", 6, "2025-03-14T10:00:00Z"),
    case: "rating outside 1..5: 6",
    outcome: "quarantined",
  },
  {
    line: r(904, 15, "Five and a half.", 5.5, "2025-03-15T10:00:00Z"),
    case: "rating outside 1..5: 5.5",
    outcome: "quarantined",
  },
  {
    line: r(904, 16, "Came by yesterday.", 4, "yesterday"),
    case: `unparsable publishedAt: "yesterday"`,
    outcome: "quarantined",
  },
  {
    line: r(904, 17, "Impossible date.", 4, "2024-13-45T25:61:00Z"),
    case: `unparsable publishedAt: "2024-13-45T25:61:00Z"`,
    outcome: "quarantined",
  },
  {
    line: r(null, 18, "Which restaurant?", 3, "2025-03-18T10:00:00Z"),
    case: "null key: restaurantId",
    outcome: "quarantined",
  },
  {
    line: r(904, null, "Which review?", 3, "2025-03-19T10:00:00Z"),
    case: "null key: reviewId",
    outcome: "quarantined",
  },
  {
    line: r(901, 2, "Update: second visit, the pho was cold.", 3, "2025-04-02T18:00:00Z"),
    case: "late update of line 2 (same key, later publishedAt, new text and rating)",
    outcome: "kept",
  },
  {
    line: r(901, 2, "First draft of this review.", 5, "2025-01-15T09:00:00Z"),
    case: "older version of line 2 arriving late: never wins",
    outcome: "duplicate removed",
  },
  {
    line: r(901, 1, "Lovely crème brûlée 😋 and friendly staff.", 5, "2025-03-01T19:30:00Z"),
    case: "exact duplicate of line 1",
    outcome: "duplicate removed",
  },
  {
    line: r(905, 23, "", 3, "2025-03-23T10:00:00Z"),
    case: "empty text (valid; the masked ratio must not divide by zero)",
    outcome: "kept",
  },
  {
    line: r(905, 24, "   ", 3, "2025-03-24T10:00:00Z"),
    case: "whitespace-only text (valid)",
    outcome: "kept",
  },
  {
    line: `{"restaurantId":905,"reviewId":25,"text":"${
      hugeText(new Random(25), HUGE_TEXT_BYTES)
    }","rating":5,"publishedAt":"2025-03-25T10:00:00Z"}`,
    case: "huge text (128 KiB, valid)",
    outcome: "kept",
  },
  {
    line: r(
      906,
      26,
      "Ramen 🍜 Kyoto-style: 美味しい! Cafe\u0301 au lait, 👨‍👩‍👧 family-friendly 🇯🇵, " +
        'الخدمة ممتازة, and a "quoted" back\\slash.',
      4,
      "2025-03-26T10:00:00Z",
    ),
    case: "Unicode: emoji (ZWJ sequence, flag), CJK, combining accent, Arabic, quotes, backslash",
    outcome: "kept",
  },
  {
    line: r(906, 27, "The food was damn good but the wait was awful.", 4, "2025-03-27T10:00:00Z"),
    case: "inappropriate words, masked ratio 9/46 = 0.196 (kept, masked)",
    outcome: "kept",
  },
  {
    line: r(906, 28, "Damn, the soup. Meh.", 2, "2025-03-28T10:00:00Z"),
    case: "masked ratio exactly 4/20 = 0.2 (>= 0.2: dropped)",
    outcome: "dropped by masking",
  },
  {
    line: r(
      906,
      29,
      "Yuck! Crap, rubbish, DISGUSTING. Damn. Never again.",
      1,
      "2025-03-29T10:00:00Z",
    ),
    case: "mostly inappropriate words (ratio 0.65)",
    outcome: "dropped by masking",
  },
  {
    line: r(
      906,
      30,
      "Grossly overpriced, scrappy service, and the Darnell family was rude. Check, please!",
      2,
      "2025-03-30T10:00:00Z",
    ),
    case: "near misses (grossly, scrappy, Darnell, Check): nothing masked with match: word",
    outcome: "kept",
  },
  {
    line: r(906, 31, "Solid tacos, friendly owner.", 4, "2025-04-01T10:00:00Z"),
    case: "good row; its later update (line 32) is dropped by masking, so this one stays",
    outcome: "kept",
  },
  {
    line: r(906, 31, "Crap crap CRAP yuck.", 1, "2025-05-01T10:00:00Z"),
    case: "late update that is mostly inappropriate words",
    outcome: "dropped by masking",
  },
  {
    line: r(906, 33, "Tie, version A.", 3, "2025-04-03T10:00:00Z"),
    case: "two versions with the same publishedAt (lines 33-34): the tie-break keeps one",
    outcome: "duplicate removed",
  },
  {
    line: r(906, 33, "Tie, version B.", 3, "2025-04-03T10:00:00Z"),
    case: "the other tied version: kept by the default tie-break (greatest text)",
    outcome: "kept",
  },
];

/**
 * The lines of `data/sample/reviews.jsonl`, from the generator and the words file.
 *
 * @example
 * const lines = sampleReviews(await readWords("data/inappropriate_words.txt"));
 */
export function sampleReviews(words: readonly string[]): string[] {
  return [...generateReviews({ ...SAMPLE_REVIEWS_OPTIONS, words })].map((g) => g.line);
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `data/sample/README.md`: the files and, line by line, what `bad_rows.jsonl` holds; formatted
 * by `deno fmt` (so `deno task check` stays green).
 *
 * @example
 * const markdown = await sampleReadme();
 */
export async function sampleReadme(): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "md", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(readmeText()));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

function readmeText(): string {
  const count = (o: Outcome) => SAMPLE_BAD_ROWS.filter((row) => row.outcome === o).length;
  const o = SAMPLE_REVIEWS_OPTIONS;
  return [
    "# Sample data",
    "",
    "Written by `deno run -A src/data/sample.ts` (a test checks these files are current).",
    "",
    "- `reviews.jsonl`: generated reviews, good rows only (duplicates and late updates " +
    "included), with higher rates of inappropriate words so the masking step has work: " +
    `\`lakebook generate reviews --rows ${o.rows} --seed ${o.seed} --bad-ratio 0 ` +
    `--restaurants ${o.restaurants} --word-rate ${o.rates?.word} --profane-rate ` +
    `${o.rates?.profane} --out data/sample/reviews.jsonl\``,
    "- `bad_rows.jsonl`: every kind of bad or awkward row on purpose, with the outcome " +
    "`ingestion_config/reviews.yaml` should give it (masking: whole words of " +
    "`data/inappropriate_words.txt`, dropped at masked characters / length >= 0.2):",
    "",
    "| line | case | outcome |",
    "| ---: | --- | --- |",
    ...SAMPLE_BAD_ROWS.map((row, i) =>
      `| ${i + 1} | ${row.case.replaceAll("|", "\\|")} | ${row.outcome} |`
    ),
    "",
    `Totals: ${SAMPLE_BAD_ROWS.length} lines = ${count("quarantined")} quarantined + ` +
    `${count("dropped by masking")} dropped by masking + ${count("duplicate removed")} ` +
    `duplicates removed + ${count("kept")} curated rows.`,
    "",
  ].join("\n");
}

/**
 * Rewrites `data/sample/reviews.jsonl`, `bad_rows.jsonl` and `README.md` under `root`.
 *
 * @example
 * await writeSamples("/repo/");
 */
export async function writeSamples(root: string): Promise<void> {
  const words = await readWords(`${root}data/inappropriate_words.txt`);
  const lines = (xs: readonly string[]) => xs.map((l) => `${l}\n`).join("");
  await Deno.writeTextFile(`${root}data/sample/reviews.jsonl`, lines(sampleReviews(words)));
  await Deno.writeTextFile(
    `${root}data/sample/bad_rows.jsonl`,
    lines(SAMPLE_BAD_ROWS.map((row) => row.line)),
  );
  await Deno.writeTextFile(`${root}data/sample/README.md`, await sampleReadme());
}

if (import.meta.main) {
  await writeSamples(ROOT);
}
