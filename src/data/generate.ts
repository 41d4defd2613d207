/**
 * Deterministic synthetic restaurant reviews (REFERENCE part 9's shape) for demos, tests and
 * benchmarks: long Unicode texts with emoji, ratings 1-5 (sometimes halves), ISO date-times
 * over six years, duplicates and late updates of earlier reviews, inappropriate words at a low
 * rate plus a few mostly-profane rants, and bad rows of every kind at a chosen ratio.
 *
 * The same options (seed, rows, words, ...) give byte-identical output: one seeded random
 * source drives every choice, nothing reads the clock. Lines are produced one at a time and
 * written through a fixed buffer, so a million rows (~580 MB) never sit in memory.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { defaultStorage, isS3Path, joinPath } from "../storage/mod.ts";
import { BAD_KINDS, type BadKind, badLine, type ReviewFields, reviewLine } from "./bad_rows.ts";
import { Random } from "./random.ts";
import { profaneText, reviewText, toneOf } from "./text.ts";

/**
 * What a generated line is: a new `review`, an `update` (same key, later `publishedAt`, new
 * text or rating), an exact `duplicate` of an earlier line, a mostly-`profane` review (the
 * masking step drops it), or one of the {@linkcode BAD_KINDS}.
 *
 * @example
 * const kind: LineKind = "update";
 */
export type LineKind = "review" | "update" | "duplicate" | "profane" | BadKind;

/**
 * Every line kind, good kinds first.
 *
 * @example
 * LINE_KINDS.length; // 13
 */
export const LINE_KINDS: readonly LineKind[] = [
  "review",
  "update",
  "duplicate",
  "profane",
  ...Object.keys(BAD_KINDS) as BadKind[],
];

/**
 * Whether lines of a kind match the review schema (`ingestion_config/schemas/review.json`).
 *
 * @example
 * isValidKind("empty_text"); // true
 * isValidKind("null_key"); // false
 */
export function isValidKind(kind: LineKind): boolean {
  return kind in BAD_KINDS ? BAD_KINDS[kind as BadKind].valid : true;
}

/**
 * How often each kind of good line appears (fractions of the good lines).
 *
 * @example
 * const rates: Rates = { duplicate: 0.01, update: 0.03, word: 0.03, profane: 0.002 };
 */
export interface Rates {
  /** Exact copies of an earlier line. */
  duplicate: number;
  /** Later versions of an earlier review (same key, later `publishedAt`). */
  update: number;
  /** New reviews holding one or two inappropriate words. */
  word: number;
  /** New reviews made mostly of inappropriate words. */
  profane: number;
}

/**
 * The default {@linkcode Rates}.
 *
 * @example
 * DEFAULT_RATES.update; // 0.03
 */
export const DEFAULT_RATES: Readonly<Rates> = {
  duplicate: 0.01,
  update: 0.03,
  word: 0.03,
  profane: 0.002,
};

/**
 * Options of {@linkcode generateReviews}.
 *
 * @example
 * const opts: GenerateOptions = { rows: 1000, seed: 42, badRatio: 0.01, words: ["darn"] };
 */
export interface GenerateOptions {
  /** Lines to produce, bad ones included. */
  rows: number;
  /** The seed: same seed, same output. */
  seed: number;
  /** Fraction of lines that are bad or awkward on purpose (default 0.01). */
  badRatio?: number;
  /** Inappropriate words to insert (from `data/inappropriate_words.txt`); none: no insertions. */
  words: readonly string[];
  /** Distinct restaurants (default rows / 50, between 5 and 100,000); a few get most reviews. */
  restaurants?: number;
  /** First possible `publishedAt` of a new review (default `2020-01-01T00:00:00Z`). */
  from?: string;
  /** End (excluded) of new reviews' `publishedAt` (default `2026-01-01T00:00:00Z`); updates may come later. */
  until?: string;
  /** Overrides of {@linkcode DEFAULT_RATES}. */
  rates?: Partial<Rates>;
}

/**
 * One generated line (no newline) and its kind.
 *
 * @example
 * const { kind, line } = generateReviews({ rows: 1, seed: 1, words: [] }).next().value!;
 */
export interface GeneratedLine {
  /** What the line is. */
  kind: LineKind;
  /** The JSON line, without its newline. */
  line: string;
}

/** An earlier good line, kept for duplicates and updates. */
interface Version {
  line: string;
  review: ReviewFields;
  /** The key's latest `publishedAt` so far (ms), shared by all versions of a key. */
  key: { latestMs: number };
}

const RING = 4096;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Cumulative weights of ratings 1..5 (J-shaped, like real review sites). */
const RATING_WEIGHTS = [14, 22, 33, 55, 100];

/**
 * Yields `rows` review lines, deterministically from `seed`.
 *
 * @example
 * for (const { kind, line } of generateReviews({ rows: 3, seed: 7, words: ["darn"] })) {
 *   console.log(kind, line.length);
 * }
 */
export function* generateReviews(opts: GenerateOptions): Generator<GeneratedLine> {
  const rng = new Random(opts.seed);
  const rates = { ...DEFAULT_RATES, ...opts.rates };
  const badRatio = opts.badRatio ?? 0.01;
  const words = opts.words;
  const restaurants = opts.restaurants ??
    Math.min(100_000, Math.max(5, Math.round(opts.rows / 50)));
  const fromS = Date.parse(opts.from ?? "2020-01-01T00:00:00Z") / 1000;
  const spanS = Date.parse(opts.until ?? "2026-01-01T00:00:00Z") / 1000 - fromS;
  if (!(spanS > 0)) throw new RangeError("`until` must be after `from`");
  const badKinds = Object.keys(BAD_KINDS) as BadKind[];
  const badCumulative = cumulative(badKinds.map((k) => BAD_KINDS[k].weight));
  const ring: Version[] = [];
  let ringNext = 0;
  let nextReviewId = 1;

  const rating = (): string => {
    if (rng.chance(0.1)) return `${rng.between(1, 4)}.5`;
    const stars = 1 + rng.weighted(RATING_WEIGHTS);
    return rng.chance(0.05) ? `${stars}.0` : String(stars);
  };
  const restaurant = () => 1 + Math.floor(restaurants * rng.float() ** 2);
  const remember = (v: Version) => {
    if (ring.length < RING) ring.push(v);
    else ring[ringNext] = v;
    ringNext = (ringNext + 1) % RING;
  };
  /** A fresh review (new key) and its `publishedAt` instant in ms. */
  const fresh = (text: (stars: number) => string): [ReviewFields, number] => {
    const r = rating();
    const ms = (fromS + rng.int(spanS)) * 1000;
    const [publishedAt, exact] = timestamp(rng, ms);
    const review = {
      restaurantId: restaurant(),
      reviewId: nextReviewId++,
      text: text(Number(r)),
      rating: r,
      publishedAt,
    };
    return [review, exact];
  };

  for (let i = 0; i < opts.rows; i++) {
    if (rng.float() < badRatio) {
      const kind = badKinds[rng.weighted(badCumulative)];
      const [review] = fresh((stars) =>
        reviewText(rng, { tone: toneOf(stars), words, wordCount: 0 })
      );
      yield { kind, line: badLine(rng, kind, review) };
      continue;
    }
    const r = rng.float();
    if (ring.length > 0 && r < rates.duplicate) {
      yield { kind: "duplicate", line: ring[rng.int(ring.length)].line };
      continue;
    }
    if (ring.length > 0 && r < rates.duplicate + rates.update) {
      const old = ring[rng.int(ring.length)];
      // Strictly later than every version of the key so far: no ties on publishedAt.
      const gap = HOUR + Math.floor(-Math.log(1 - rng.float()) * 60 * DAY);
      const ms = Math.floor((old.key.latestMs + gap) / 1000) * 1000;
      const [publishedAt, exact] = timestamp(rng, ms);
      old.key.latestMs = exact;
      const r2 = rng.chance(0.4) ? rating() : old.review.rating;
      const tone = toneOf(Number(r2));
      const text = rng.chance(0.5)
        ? `${old.review.text}\\n\\nUpdate: ${reviewText(rng, { tone, words, wordCount: 0 })}`
        : reviewText(rng, { tone, words, wordCount: 0 });
      const review = { ...old.review, text, rating: r2, publishedAt };
      const line = reviewLine(review);
      remember({ line, review, key: old.key });
      yield { kind: "update", line };
      continue;
    }
    const profane = words.length > 0 && r < rates.duplicate + rates.update + rates.profane;
    const wordCount = words.length > 0 && rng.chance(rates.word) ? 1 + rng.int(2) : 0;
    const [review, exact] = fresh((stars) =>
      profane ? profaneText(rng, words) : reviewText(rng, { tone: toneOf(stars), words, wordCount })
    );
    if (profane) review.rating = rng.pick(["1", "2"]);
    const line = reviewLine(review);
    remember({ line, review, key: { latestMs: exact } });
    yield { kind: profane ? "profane" : "review", line };
  }
}

/**
 * An ISO 8601 `publishedAt` for an instant of whole seconds: mostly `...Z`, sometimes with
 * milliseconds (added here), sometimes with a UTC offset. Returns the text and its exact
 * instant in ms.
 */
function timestamp(rng: Random, ms: number): [string, number] {
  const r = rng.float();
  if (r < 0.8) return [`${isoSeconds(ms)}Z`, ms];
  if (r < 0.95) {
    const milli = rng.int(1000);
    return [`${isoSeconds(ms)}.${String(milli).padStart(3, "0")}Z`, ms + milli];
  }
  const minutes = rng.pick([-480, -300, -180, 60, 120, 180, 330, 540]);
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? "-" : "+"}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return [`${isoSeconds(ms + minutes * 60_000)}${offset}`, ms];
}

const dayTexts = new Map<number, string>();

/** `YYYY-MM-DDTHH:MM:SS` of a UTC instant; the date part cached per day (toISOString is slow). */
function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY);
  let date = dayTexts.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 11);
    dayTexts.set(day, date);
  }
  const s = Math.floor((ms - day * DAY) / 1000);
  return `${date}${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/**
 * Reads a words file: one word a line, blank lines and `#` comments skipped.
 *
 * @example
 * const words = await readWords("data/inappropriate_words.txt"); // ["awful", "crap", ...]
 */
export async function readWords(path: string): Promise<string[]> {
  return (await Deno.readTextFile(path)).split(/\r?\n/).map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/**
 * Options of {@linkcode writeReviews}.
 *
 * @example
 * const opts: WriteOptions = { rows: 1000, seed: 1, words: [], out: "/tmp/reviews.jsonl" };
 */
export interface WriteOptions extends GenerateOptions {
  /**
   * A file (one output file), or a folder when `files` > 1 or it is an existing folder:
   * `part-00000.jsonl`, `part-00001.jsonl`, ... in it; `-` writes to stdout. An `s3://` path
   * is a folder when `files` > 1 or it ends in `/`.
   */
  out: string;
  /** Files to split the lines over, each a contiguous range, in order (default 1). */
  files?: number;
  /** Aborting stops the write and removes the unfinished file. */
  signal?: AbortSignal;
}

/**
 * What {@linkcode writeReviews} wrote.
 *
 * @example
 * const stats: GenerateStats = await writeReviews({ rows: 10, seed: 1, words: [], out: "/tmp/r.jsonl" });
 * console.log(stats.rows / stats.seconds, "rows/s");
 */
export interface GenerateStats {
  /** Lines written. */
  rows: number;
  /** Bytes written, newlines included. */
  bytes: number;
  /** The files written, in order. */
  files: string[];
  /** Lines per kind. */
  counts: Record<LineKind, number>;
  /** Wall time of the whole write. */
  seconds: number;
}

const BUFFER = 1 << 20;

/**
 * Generates reviews into JSON-lines files, streaming through a 1 MiB buffer. Each file is
 * written under a temporary name and renamed when complete, so a reader never sees half a
 * file; in folder mode, `part-*.jsonl` files left from an earlier, larger split are removed.
 *
 * @example
 * const stats = await writeReviews({
 *   rows: 1_000_000, seed: 42, badRatio: 0.01, words: ["darn"], out: "bench/out/reviews", files: 8,
 * });
 */
export async function writeReviews(opts: WriteOptions): Promise<GenerateStats> {
  if (isS3Path(opts.out)) return await uploadReviews(opts);
  const start = performance.now();
  const k = opts.files ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError("files must be a positive integer");
  if (!Number.isInteger(opts.rows) || opts.rows < 0) {
    throw new RangeError("rows must be a non-negative integer");
  }
  const toStdout = opts.out === "-";
  if (toStdout && k > 1) throw new RangeError("cannot split into files when writing to stdout");
  const folder = !toStdout && (k > 1 || await isDirectory(opts.out));
  const paths = toStdout
    ? ["-"]
    : folder
    ? Array.from({ length: k }, (_, i) => join(opts.out, partFileName(i)))
    : [opts.out];
  if (folder) await Deno.mkdir(opts.out, { recursive: true });
  else if (!toStdout) await Deno.mkdir(dirname(opts.out), { recursive: true });

  const counts = Object.fromEntries(LINE_KINDS.map((kind) => [kind, 0])) as GenerateStats["counts"];
  const lines = generateReviews(opts);
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(BUFFER);
  let bytes = 0;
  for (let f = 0; f < paths.length; f++) {
    const end = Math.floor(((f + 1) * opts.rows) / paths.length);
    const begin = Math.floor((f * opts.rows) / paths.length);
    const tmp = toStdout ? "" : `${paths[f]}.tmp-${Deno.pid}`;
    const file = toStdout
      ? Deno.stdout
      : await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      let used = 0;
      for (let i = begin; i < end; i++) {
        const next = lines.next();
        if (next.done) throw new Error("the generator ended early");
        const { kind, line } = next.value;
        counts[kind]++;
        // encodeInto needs at most 3 bytes per UTF-16 unit.
        if (used + line.length * 3 + 1 > BUFFER) {
          await writeAll(file, buffer.subarray(0, used));
          bytes += used;
          used = 0;
          opts.signal?.throwIfAborted();
          if (line.length * 3 + 1 > BUFFER) {
            const big = encoder.encode(`${line}\n`);
            await writeAll(file, big);
            bytes += big.length;
            continue;
          }
        }
        used += encoder.encodeInto(line, buffer.subarray(used)).written;
        buffer[used++] = 10;
      }
      await writeAll(file, buffer.subarray(0, used));
      bytes += used;
    } catch (err) {
      if (!toStdout) {
        file.close();
        await Deno.remove(tmp).catch(() => {});
      }
      throw err;
    }
    if (!toStdout) {
      file.close();
      await Deno.rename(tmp, paths[f]);
    }
  }
  if (folder) await removeStaleParts(opts.out, new Set(paths.map((p) => basename(p))));
  return {
    rows: opts.rows,
    bytes,
    files: paths,
    counts,
    seconds: (performance.now() - start) / 1000,
  };
}

/**
 * The name of part `i` of a split output.
 *
 * @example
 * partFileName(3); // "part-00003.jsonl"
 */
export function partFileName(i: number): string {
  return `part-${String(i).padStart(5, "0")}.jsonl`;
}

async function writeAll(file: { write(p: Uint8Array): Promise<number> }, data: Uint8Array) {
  for (let off = 0; off < data.length;) off += await file.write(data.subarray(off));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * {@linkcode writeReviews} to S3: generates into a local temporary folder, then uploads each
 * file (multipart when large), so an object appears only once complete; stale `part-*.jsonl`
 * objects of an earlier, larger split are deleted.
 */
async function uploadReviews(opts: WriteOptions): Promise<GenerateStats> {
  const start = performance.now();
  const folder = (opts.files ?? 1) > 1 || opts.out.endsWith("/");
  const tmp = await Deno.makeTempDir({ prefix: "lakebook-generate-" });
  try {
    const local = await writeReviews({ ...opts, out: folder ? tmp : join(tmp, "reviews.jsonl") });
    const storage = defaultStorage();
    const files: string[] = [];
    for (const file of local.files) {
      const to = folder ? joinPath(opts.out, basename(file)) : opts.out;
      await storage.write(to, (await Deno.open(file)).readable, { signal: opts.signal });
      files.push(to);
    }
    if (folder) {
      for (const old of await storage.list(joinPath(opts.out, "part-*.jsonl"))) {
        if (!files.includes(old.path)) await storage.delete(old.path);
      }
    }
    return { ...local, files, seconds: (performance.now() - start) / 1000 };
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

async function removeStaleParts(dir: string, keep: Set<string>): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /^part-\d{5}\.jsonl$/.test(entry.name) && !keep.has(entry.name)) {
      await Deno.remove(join(dir, entry.name));
    }
  }
}
