/**
 * `maskWords`: replaces listed words in a text column by `*` of the same length, and drops a
 * row when masked characters / text length reaches a ratio (rule `mask_words`).
 *
 * One regex test per row (`rlike`) finds the texts with a word (see `mask_pattern.ts`); in
 * those, one regex pass (`regexp_replace`) wraps each match in two marker characters, Unicode
 * noncharacters (U+FDD0 and U+FDD1, or U+FDD2 and U+FDD3 in a text holding one of those). In
 * rows where something matched, a character-level rewrite turns each marked character into a
 * star (no word search: it only follows the markers, with `\G`), and the stars gained are the
 * characters masked. Only string functions, which Spark compiles: an earlier version with
 * `transform`/`aggregate` over the split pieces ran interpreted, and a projection holding a
 * higher-order function is not compiled at all. No cross join, no per-word pass.
 *
 * @module
 */
import type { Column } from "../connect/column.ts";
import type { DataFrame } from "../connect/dataframe.ts";
import {
  call_function,
  coalesce,
  col,
  instr,
  length,
  lit,
  not,
  octet_length,
  regexp_replace,
  when,
} from "../connect/functions/mod.ts";
import { maskPattern, type MatchMode, readWords } from "./mask_pattern.ts";
import {
  alive,
  asBatch,
  countMarks,
  dataColumns,
  markWhere,
  quoted,
  rawLine,
  rejectMark,
  stepResult,
} from "./marks.ts";
import { MASKED_CHARS, type StepResult } from "./types.ts";

/**
 * Marker pairs (Unicode noncharacters): a row uses the first pair its text does not hold.
 * A text holding a character of each pair cannot be marked safely: it is dropped (rule
 * `mask_words`), never masked wrongly.
 */
const MARKERS: readonly (readonly [string, string])[] = [
  ["\uFDD0", "\uFDD1"],
  ["\uFDD2", "\uFDD3"],
];

/**
 * Options of {@linkcode maskWords}: the config's `mask_words` keys, in camelCase.
 *
 * @example
 * const opts: MaskWordsOptions = {
 *   column: "text", words: ["dang", "dangit"], match: "word", dropIfRatioAtLeast: 0.2,
 * };
 */
export interface MaskWordsOptions {
  /** The string column to mask. */
  column: string;
  /** The words, or a words file (one a line; blank lines and `#` comments skipped). */
  words: readonly string[] | string;
  /** `word` (default): whole words only; `substring`: anywhere. */
  match?: MatchMode;
  /** Drop a row when masked characters / text length reaches this ratio. */
  dropIfRatioAtLeast?: number;
  /** The step's name in marks and metrics (default `mask_words`). */
  step?: string;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
}

/**
 * Masks words in a column; resolves to the masked rows, the dropped ones (rule `mask_words`,
 * raw line unmasked) and the counts, with characters masked and rows touched (one Spark job).
 * Reading `df` later masks again (Spark moves the filter on dropped rows below the masking):
 * persist it when you use it more than once. A job persists its whole batch instead, and
 * masks each row once.
 *
 * @example
 * const { df, quarantined, metrics } = await maskWords(reviews, {
 *   column: "text", words: "data/inappropriate_words.txt", match: "word", dropIfRatioAtLeast: 0.2,
 * });
 * metrics.details; // { words: 10, maskedChars: 42, rowsMasked: 9, ... }
 */
export async function maskWords(df: DataFrame, opts: MaskWordsOptions): Promise<StepResult> {
  const started = performance.now();
  const step = opts.step ?? "mask_words";
  const words = typeof opts.words === "string" ? await readWords(opts.words) : opts.words;
  const marked = await markMasked(df, { ...opts, words });
  const counts = await countMarks(marked, {
    signal: opts.signal,
    sums: { chars: col(MASKED_CHARS), rows: when(col(MASKED_CHARS).gt(0), 1).otherwise(0) },
  });
  const total = (key: string) => counts.reduce((n, c) => n + (c.sums?.[key] ?? 0), 0);
  return await stepResult(marked.drop(MASKED_CHARS), step, started, {
    counts,
    details: {
      words: words.length,
      match: opts.match ?? "word",
      dropIfRatioAtLeast: opts.dropIfRatioAtLeast ?? null,
      maskedChars: total("chars"),
      rowsMasked: total("rows"),
    },
  });
}

/**
 * The lazy plan of {@linkcode maskWords} (words already read): the batch with the column
 * masked in alive rows, rows over the ratio marked, and `_masked_chars` per row.
 *
 * @example
 * const marked = await markMasked(batch, { column: "text", words: ["dang"] });
 */
export async function markMasked(
  df: DataFrame,
  opts: MaskWordsOptions & { words: readonly string[] },
): Promise<DataFrame> {
  const step = opts.step ?? "mask_words";
  const batch = await asBatch(df);
  const columns = await dataColumns(batch);
  if (!columns.includes(opts.column)) {
    throw new Error(`${step}: no column ${opts.column}; the rows have: ${columns.join(", ")}`);
  }
  for (const w of opts.words) {
    if (MARKERS.flat().some((m) => w.includes(m))) {
      throw new Error(`${step}: the word ${JSON.stringify(w)} holds a character of U+FDD0..U+FDD3`);
    }
  }
  const pattern = maskPattern(opts.words, opts.match ?? "word");
  if (pattern === undefined) return batch.withColumn(MASKED_CHARS, lit(0));
  const text = col(quoted(opts.column));
  // Each result gets a column of its own, so that the optimizer keeps one evaluation of it (it
  // does not inline an expensive expression used twice).
  // Spark's regexp_replace builds and re-encodes a new string even where nothing matches: the
  // match test first spares that copy for the texts without a word (most of them).
  const found = batch.withColumn(
    "_mask_marked",
    when(alive().and(text.rlike(pattern)), wrapped(text, pattern, MARKERS[0])),
  );
  const marked = col("_mask_marked");
  // Markers add bytes: a longer text had matches (octet_length costs nothing, unlike a scan).
  // Only then does it matter whether the text holds marker characters of its own: the pair to
  // use (-1: none fits) is looked for in matched rows only. The scans sit in a branch that
  // only matched rows take, where Spark cannot hoist them into a common subexpression (it
  // did, and then scanned every text four more times).
  const matched = octet_length(marked).gt(octet_length(text));
  const [free0, free1] = MARKERS.map(([open, close]) =>
    not(instr(text, open).gt(0).or(instr(text, close).gt(0)))
  );
  const paired = found.withColumn(
    "_mask_pair",
    when(matched, when(free0, 0).when(free1, 1).otherwise(-1)),
  );
  const pair = col("_mask_pair");
  const masked = paired.withColumns({
    _mask_text: when(pair.eqNullSafe(0), starred(marked, MARKERS[0]))
      .when(pair.eqNullSafe(1), starred(wrapped(text, pattern, MARKERS[1]), MARKERS[1])),
    _mask_unmarkable: pair.eqNullSafe(-1),
  });
  // Stars replace characters one for one, so the stars gained are the characters masked.
  const counted = masked.withColumn(
    MASKED_CHARS,
    coalesce(stars(col("_mask_text")).minus(stars(text)), lit(0)),
  );
  const unmarkable = markWhere(
    counted,
    col("_mask_unmarkable"),
    rejectMark(
      step,
      "mask_words",
      opts.column,
      `${opts.column} holds the marker characters U+FDD0..U+FDD3 and cannot be masked`,
      rawLine(columns),
    ),
  );
  const ratio = opts.dropIfRatioAtLeast;
  const checked = ratio === undefined ? unmarkable : markWhere(
    unmarkable,
    col(MASKED_CHARS).gt(0).and(col(MASKED_CHARS).geq(length(text).multiply(ratio))),
    rejectMark(
      step,
      "mask_words",
      opts.column,
      `${opts.column} is at least ${Math.round(ratio * 1000) / 10}% masked`,
      rawLine(columns),
    ),
  );
  return checked
    .withColumn(
      opts.column,
      when(alive().and(col("_mask_text").isNotNull()), col("_mask_text")).otherwise(text),
    )
    .drop("_mask_marked", "_mask_pair", "_mask_text", "_mask_unmarkable");
}

/** The text with each match wrapped in a marker pair: the one pass of the words' regex. */
function wrapped(text: Column, pattern: string, [open, close]: readonly [string, string]): Column {
  return regexp_replace(text, lit(pattern), lit(`${open}$0${close}`));
}

/**
 * Each character between the markers as a star, markers removed: a character-level rewrite
 * (no word search). The opening marker and the first character become one star; `\G` then
 * continues star by star right after the previous one, until the closing marker stops it.
 * Characters are code points, as in `length`.
 */
function starred(marked: Column, [open, close]: readonly [string, string]): Column {
  const rewrite = `${open}[^${close}]|\\G(?!^)[^${close}]`;
  return replace(regexp_replace(marked, lit(rewrite), lit("*")), close, "");
}

/** The number of `*` in a text. */
function stars(text: Column): Column {
  return length(text).minus(length(replace(text, "*", "")));
}

/** `replace` (not a regex): every `search` in `text` replaced by `by`. */
function replace(text: Column, search: string, by: string): Column {
  return call_function("replace", text, lit(search), lit(by));
}
