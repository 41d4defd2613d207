/**
 * A DataFrame as a table of its first rows with its schema, built when it is shown.
 *
 * Showing runs one bounded query: the schema (asked once per DataFrame, then cached) and the
 * first `rows + 1` rows as `df.show()` fetches them — every cell as Spark's own SQL text, so
 * numbers, dates in the session time zone, arrays, maps and structs read as in Spark — and the
 * extra row only says that there are more. HTML and text come from that one result.
 *
 * @module
 */
import { DataFrame } from "../connect/dataframe.ts";
import { cellText, showRelation } from "../connect/show.ts";
import type { StructType } from "../connect/types/mod.ts";
import { type Display, displayBundle, type TableBundle } from "./bundle.ts";
import { htmlTable, type TableModel, textTable } from "./html.ts";

/** How a DataFrame is shown. */
export interface TableOptions {
  /** How many rows to show (default 20). */
  rows?: number;
  /** Cut cells at this many characters (`true` or default: 20; `false`/0: never), as `show`. */
  truncate?: boolean | number;
  /** Aborting interrupts the query. */
  signal?: AbortSignal;
}

/** The default number of rows shown, as PySpark's `spark.sql.repl.eagerEval.maxNumRows`. */
export const DEFAULT_ROWS = 20;

/** What a DataFrame's table is made of: its schema and the cells of its first rows. */
export interface DataFrameSample {
  /** The DataFrame's schema. */
  schema: StructType;
  /** Up to `rows + 1` rows of cell texts. */
  cells: string[][];
  /** How many rows are shown. */
  rows: number;
}

/**
 * Fetches the schema (cached) and the first `rows + 1` rows as cell texts, in one bounded
 * ExecutePlan.
 *
 * @example
 * const sample = await sampleDataFrame(df, { rows: 5 });
 * sample.cells.length; // at most 6
 */
export async function sampleDataFrame(
  df: DataFrame,
  opts: TableOptions = {},
): Promise<DataFrameSample> {
  const rows = opts.rows ?? DEFAULT_ROWS;
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new RangeError(`rows must be a whole number >= 0, not ${rows}`);
  }
  const signal = opts.signal;
  const schema = await df.schema({ signal });
  // Observations on `df` receive their metrics from this run too, as with `df.show()`.
  const cells = new DataFrame(
    df.session,
    showRelation(df.sentRelation(), schema, rows),
    df.observations,
  );
  const table = await cells.toArrow({ signal });
  const columns = schema.fields.map((_, i) => table.getChildAt(i)!);
  const out: string[][] = [];
  for (let r = 0; r < table.numRows; r++) out.push(columns.map((c) => cellText(c.get(r))));
  return { schema, cells: out, rows };
}

/**
 * The bundle of a sample (pure): an HTML table with the column names and Spark types, and
 * `text/plain` as PySpark's `DataFrame[name: type, ...]` over `show`'s table.
 *
 * @example
 * const bundle = sampleBundle({ schema: parseDDL("id BIGINT"), cells: [["1"]], rows: 20 });
 */
export function sampleBundle(
  sample: DataFrameSample,
  opts: Pick<TableOptions, "truncate"> = {},
): TableBundle {
  const model: TableModel = {
    names: sample.schema.fieldNames(),
    types: sample.schema.fields.map((f) => f.dataType.simpleString()),
    cells: sample.cells,
    numRows: sample.rows,
    truncate: opts.truncate ?? true,
  };
  const signature = sample.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`);
  return {
    "text/html": htmlTable(model),
    "text/plain": `DataFrame[${signature.join(", ")}]\n${textTable(model)}`.trimEnd(),
  };
}

/**
 * A DataFrame's table bundle, running its bounded query now.
 *
 * @example
 * const bundle = await dataFrameBundle(df, { rows: 10 });
 * bundle["text/html"]; // "<table>..."
 */
export async function dataFrameBundle(
  df: DataFrame,
  opts: TableOptions = {},
): Promise<TableBundle> {
  return sampleBundle(await sampleDataFrame(df, opts), opts);
}

/**
 * A DataFrame shown with other options than the default (more rows, no truncation): the query
 * runs when the result is displayed, and each time it is.
 *
 * @example
 * table(reviews, { rows: 50, truncate: false }); // as a cell's last value
 */
export function table(df: DataFrame, opts: TableOptions = {}): Display<TableBundle> {
  return displayBundle(() => dataFrameBundle(df, opts));
}
