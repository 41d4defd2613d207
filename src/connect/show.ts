/**
 * The text of `df.show()` and `df.printSchema()`, laid out as Spark lays them out (pure: no I/O).
 *
 * `show` asks the server for each cell as Spark SQL text (`CAST(col AS STRING)`, so numbers,
 * dates in the session time zone, arrays, maps and structs read exactly as in Spark) and lays
 * the table out here: width in half-width units (East Asian wide characters count twice),
 * meta-characters escaped, cells cut at `truncate` with `...`, right-aligned when truncating.
 * Two details differ from Spark's own `show`: nulls nested inside arrays, maps and structs
 * read `null` (Spark's show writes `NULL`), and binary values nested in them are decoded as
 * text; top-level nulls and binary values read `NULL` and `[4C 61]` as in Spark.
 *
 * @module
 */
import { attribute, cast } from "./plan/expressions.ts";
import { limit, project, toDF } from "./plan/relations.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";
import {
  ArrayType,
  BinaryType,
  type DataType,
  MapType,
  StringType,
  StructType,
  toProto,
} from "./types/mod.ts";

/** Options of `show`, as in PySpark. */
export interface ShowOptions {
  /** `true`: cut cells at 20 characters; a number: at that many; `false`/0: never. */
  truncate?: boolean | number;
  /** One line per column and value instead of a table. */
  vertical?: boolean;
}

/**
 * The relation `show` runs: the first `numRows + 1` rows (one more tells whether there are
 * more), every column as Spark's SQL text except binary, which is formatted here.
 *
 * @example
 * const rel = showRelation(df.relation, await df.schema(), 20);
 */
export function showRelation(input: Relation, schema: StructType, numRows: number): Relation {
  const names = schema.fields.map((_, i) => `_c${i}`);
  const cells = schema.fields.map((f, i) => {
    const ref = attribute(`\`${names[i]}\``);
    return f.dataType instanceof BinaryType ? ref : cast(ref, toProto(new StringType()));
  });
  return project(toDF(limit(input, numRows + 1), names), cells);
}

/**
 * A cell's text from a value of {@linkcode showRelation}'s result.
 *
 * @example
 * cellText(new Uint8Array([76, 97])); // "[4C 61]"
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Uint8Array) {
    return `[${[...value].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  }
  return String(value);
}

/**
 * Lays out `show`'s text from column names and cell texts (up to `numRows + 1` rows).
 *
 * @example
 * formatShowString(["id"], [["1"], ["2"]], 20, {}); // "+---+\n| id|\n+---+\n|  1|\n|  2|\n+---+\n"
 */
export function formatShowString(
  names: readonly string[],
  cells: readonly (readonly string[])[],
  numRows: number,
  opts: ShowOptions = {},
): string {
  const truncate = opts.truncate === true || opts.truncate === undefined
    ? 20
    : opts.truncate === false
    ? 0
    : Math.trunc(opts.truncate);
  const hasMore = cells.length > numRows;
  // Spark cuts cells, never column names.
  const rows = [
    names.map(escape),
    ...cells.slice(0, numRows).map((r) => r.map((c) => cut(escape(c), truncate))),
  ];
  let out = opts.vertical ? vertical(rows) : table(rows, truncate > 0);
  if (opts.vertical && rows.length === 1) out += "(0 rows)";
  else if (hasMore) out += `only showing top ${numRows} ${numRows === 1 ? "row" : "rows"}`;
  return out;
}

const MIN_WIDTH = 3;

function table(rows: string[][], alignRight: boolean): string {
  const widths = rows[0].map(() => MIN_WIDTH);
  for (const row of rows) row.forEach((c, i) => widths[i] = Math.max(widths[i], halfWidth(c)));
  const sep = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
  const line = (row: string[]) =>
    `|${row.map((c, i) => pad(c, widths[i], alignRight)).join("|")}|\n`;
  return sep + line(rows[0]) + sep + rows.slice(1).map(line).join("") + sep;
}

function vertical(rows: string[][]): string {
  const [names, ...data] = rows;
  const nameWidth = Math.max(MIN_WIDTH, ...names.map(halfWidth));
  const dataWidth = Math.max(MIN_WIDTH, ...data.flatMap((r) => r.map(halfWidth)));
  return data.map((row, i) => {
    const header = `-RECORD ${i}`.padEnd(nameWidth + dataWidth + 5, "-");
    const lines = row.map((c, j) =>
      ` ${pad(names[j], nameWidth, false)} | ${pad(c, dataWidth, false)} `
    );
    return `${header}\n${lines.join("\n")}\n`;
  }).join("");
}

function pad(cell: string, width: number, alignRight: boolean): string {
  const fill = " ".repeat(Math.max(0, width - halfWidth(cell)));
  return alignRight ? fill + cell : cell + fill;
}

function cut(cell: string, truncate: number): string {
  if (truncate <= 0 || cell.length <= truncate) return cell;
  return truncate < 4 ? cell.slice(0, truncate) : `${cell.slice(0, truncate - 3)}...`;
}

const META: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\f": "\\f",
  "\b": "\\b",
  "\u000B": "\\v",
  "\u0007": "\\a",
};

const META_CHARS = new RegExp(`[${Object.keys(META).join("")}]`, "g");

/** Control characters that would break the layout, written as escapes (as Spark does). */
function escape(cell: string): string {
  return cell.replace(META_CHARS, (c) => META[c]);
}

/** Characters a terminal draws two columns wide (Spark's list: Hangul, CJK, full-width forms). */
const FULL_WIDTH =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/**
 * The width of text in half-width columns, as Spark measures it (UTF-16 units, wide
 * characters twice).
 *
 * @example
 * halfWidth("日本"); // 4
 */
export function halfWidth(text: string): number {
  return text.length + (text.match(FULL_WIDTH)?.length ?? 0);
}

/**
 * A schema as Spark's tree (`printSchema`), down to `level` levels of nesting (all when
 * omitted).
 *
 * @example
 * treeString(parseDDL("id BIGINT NOT NULL")); // "root\n |-- id: long (nullable = false)\n"
 */
export function treeString(schema: StructType, level?: number): string {
  const depth = level !== undefined && level > 0 ? level : Infinity;
  const out = ["root\n"];
  const fields = (s: StructType, prefix: string, d: number) => {
    if (d <= 0) return;
    for (const f of s.fields) {
      out.push(
        `${prefix}-- ${escape(f.name)}: ${f.dataType.typeName()} (nullable = ${f.nullable})\n`,
      );
      nested(f.dataType, `${prefix}    |`, d);
    }
  };
  const nested = (t: DataType, prefix: string, d: number) => {
    if (d - 1 <= 0) return;
    if (t instanceof StructType) fields(t, prefix, d - 1);
    else if (t instanceof ArrayType) {
      out.push(
        `${prefix}-- element: ${t.elementType.typeName()} (containsNull = ${t.containsNull})\n`,
      );
      nested(t.elementType, `${prefix}    |`, d - 1);
    } else if (t instanceof MapType) {
      out.push(`${prefix}-- key: ${t.keyType.typeName()}\n`);
      nested(t.keyType, `${prefix}    |`, d - 1);
      out.push(
        `${prefix}-- value: ${t.valueType.typeName()} (valueContainsNull = ${t.valueContainsNull})\n`,
      );
      nested(t.valueType, `${prefix}    |`, d - 1);
    }
  };
  fields(schema, " |", depth);
  return out.join("");
}
