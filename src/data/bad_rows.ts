/**
 * Bad and awkward review lines, on purpose: the kinds an ingestion job must quarantine (corrupt
 * JSON, wrong types, missing fields, out-of-range ratings, unparsable timestamps, null keys)
 * and the valid-but-awkward rows it must survive (empty and huge texts).
 *
 * Each kind is chosen so that Spark's JSON reader and a JSON Schema validator agree on it:
 * no single-quoted JSON (Spark accepts it), no integer timestamps (Spark reads epoch seconds),
 * no `4.0` ids (JSON Schema calls it an integer), no date-only timestamps (Spark's lenient
 * parser accepts them).
 *
 * @module
 */
import { hugeText } from "./text.ts";
import type { Random } from "./random.ts";

/**
 * Every kind of bad or awkward line, with whether it still matches the review schema
 * (`ingestion_config/schemas/review.json`) and its relative weight among bad lines.
 *
 * @example
 * BAD_KINDS.rating_out_of_range.valid; // false: quarantined
 * BAD_KINDS.empty_text.valid; // true: kept, but must not break the masking ratio
 */
export const BAD_KINDS = {
  corrupt_json: { valid: false, weight: 12, what: "not JSON, or truncated JSON" },
  wrong_type: { valid: false, weight: 14, what: `"rating": "five", "reviewId": 4.5, ...` },
  missing_field: { valid: false, weight: 12, what: "a required field absent" },
  null_field: { valid: false, weight: 6, what: "text, rating or publishedAt null" },
  rating_out_of_range: { valid: false, weight: 12, what: "rating outside 1..5" },
  bad_timestamp: { valid: false, weight: 12, what: "publishedAt not an ISO date-time" },
  null_key: { valid: false, weight: 12, what: "restaurantId or reviewId null" },
  empty_text: { valid: true, weight: 10, what: `"text": "" (valid)` },
  huge_text: { valid: true, weight: 0.25, what: "a 64 KiB to 1 MiB text (valid)" },
} as const;

/**
 * The name of a bad or awkward kind of line.
 *
 * @example
 * const kind: BadKind = "corrupt_json";
 */
export type BadKind = keyof typeof BAD_KINDS;

/**
 * The fields of one review, before it becomes a JSON line.
 *
 * @example
 * const r: ReviewFields = { restaurantId: 1, reviewId: 2, text: "Tasty", rating: "5", publishedAt: "2024-01-01T12:00:00Z" };
 */
export interface ReviewFields {
  /** The reviewed restaurant. */
  restaurantId: number;
  /** The review, unique per restaurant. */
  reviewId: number;
  /** The text, JSON-escaped: the inside of a JSON string, without the quotes. */
  text: string;
  /** The rating as JSON text (`4`, `4.5`, `4.0`). */
  rating: string;
  /** When the review was published or last edited, as ISO 8601 text. */
  publishedAt: string;
}

/**
 * One review as a compact JSON line (no newline); `text` (already escaped) and `rating` are
 * written as given.
 *
 * @example
 * reviewLine({ restaurantId: 1, reviewId: 2, text: "Tasty", rating: "5", publishedAt: "2024-01-01T12:00:00Z" });
 * // '{"restaurantId":1,"reviewId":2,"text":"Tasty","rating":5,"publishedAt":"2024-01-01T12:00:00Z"}'
 */
export function reviewLine(r: ReviewFields): string {
  return `{"restaurantId":${r.restaurantId},"reviewId":${r.reviewId},"text":"${r.text}",` +
    `"rating":${r.rating},"publishedAt":"${r.publishedAt}"}`;
}

type FieldName = "restaurantId" | "reviewId" | "text" | "rating" | "publishedAt";

/** The line of `r` with some fields' JSON values replaced (`undefined` drops the field). */
function withFields(r: ReviewFields, values: Partial<Record<FieldName, string | undefined>>) {
  const json: Record<FieldName, string> = {
    restaurantId: String(r.restaurantId),
    reviewId: String(r.reviewId),
    text: `"${r.text}"`,
    rating: r.rating,
    publishedAt: `"${r.publishedAt}"`,
  };
  const parts: string[] = [];
  for (const name of Object.keys(json) as FieldName[]) {
    const value = name in values ? values[name] : json[name];
    if (value !== undefined) parts.push(`"${name}":${value}`);
  }
  return `{${parts.join(",")}}`;
}

const CORRUPT_FORMS = ["truncated", "trailing_comma", "unquoted_key", "missing_comma", "garbage"];
const GARBAGE = [
  "<html><body><h1>502 Bad Gateway</h1></body></html>",
  "restaurantId=17&reviewId=99&rating=4",
  "{{{{",
  "undefined",
];
const WRONG_TYPES: [FieldName, string][] = [
  ["rating", `"five"`],
  ["rating", `"4 stars"`],
  ["rating", `"★★★★"`],
  ["rating", "true"],
  ["reviewId", "4.5"],
  ["reviewId", `"R-1234"`],
  ["restaurantId", `"102"`],
  ["restaurantId", "12.75"],
];
const OUT_OF_RANGE = ["0", "6", "-1", "5.5", "10", "0.5", "100"];
const BAD_TIMESTAMPS = [
  "yesterday",
  "2024-13-45T25:61:00Z",
  "31/12/2023 10:00",
  "",
  "not a date",
  "2023-06-15 at noon",
];
const REQUIRED: FieldName[] = ["restaurantId", "reviewId", "text", "rating", "publishedAt"];

/**
 * A line of the given bad kind, made from the good review `r` (so the rest of the row looks
 * real).
 *
 * @example
 * badLine(new Random(1), "null_key", review); // '{"restaurantId":null,"reviewId":7,...}'
 */
export function badLine(rng: Random, kind: BadKind, r: ReviewFields): string {
  switch (kind) {
    case "corrupt_json":
      return corruptLine(rng, r);
    case "wrong_type": {
      const [name, value] = rng.pick(WRONG_TYPES);
      return withFields(r, { [name]: value });
    }
    case "missing_field":
      return withFields(r, { [rng.pick(REQUIRED)]: undefined });
    case "null_field":
      return withFields(r, { [rng.pick(["text", "rating", "publishedAt"] as const)]: "null" });
    case "rating_out_of_range":
      return withFields(r, { rating: rng.pick(OUT_OF_RANGE) });
    case "bad_timestamp":
      return withFields(r, { publishedAt: JSON.stringify(rng.pick(BAD_TIMESTAMPS)) });
    case "null_key": {
      const which = rng.int(3); // 0: restaurantId, 1: reviewId, 2: both
      return withFields(r, {
        ...(which !== 1 ? { restaurantId: "null" } : {}),
        ...(which !== 0 ? { reviewId: "null" } : {}),
      });
    }
    case "empty_text":
      return reviewLine({ ...r, text: "" });
    case "huge_text": {
      // Log-uniform between 64 KiB and 1 MiB.
      const bytes = Math.round(65536 * Math.pow(16, rng.float()));
      return reviewLine({ ...r, text: hugeText(rng, bytes) });
    }
  }
}

function corruptLine(rng: Random, r: ReviewFields): string {
  const good = reviewLine(r);
  switch (rng.pick(CORRUPT_FORMS)) {
    case "truncated": {
      // Any strict prefix of an object is invalid JSON; never split a surrogate pair.
      let cut = 1 + rng.int(good.length - 1);
      const code = good.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      return good.slice(0, cut);
    }
    case "trailing_comma":
      return `${good.slice(0, -1)},}`;
    case "unquoted_key":
      return good.replace(`"reviewId":`, "reviewId:");
    case "missing_comma":
      return good.replace(`,"rating":`, ` "rating":`);
    default:
      return rng.pick(GARBAGE);
  }
}
