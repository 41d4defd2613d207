/**
 * Tables as HTML and as aligned text, from cell texts (pure: no I/O). The text layout is
 * `df.show()`'s (`connect/show.ts`), so a DataFrame, a step's metrics and a chart's data read
 * the same in a terminal; the HTML is the shape of Spark's own `htmlString`, with every name,
 * type and cell escaped.
 *
 * @module
 */
import { formatShowString } from "../connect/show.ts";
import type { TableBundle } from "./bundle.ts";

/** A table ready to lay out: names, optional type names, and up to `numRows + 1` rows. */
export interface TableModel {
  /** Column names. */
  names: readonly string[];
  /** A type name per column (shown under the names), if known. */
  types?: readonly string[];
  /** Cell texts, row by row; a row beyond `numRows` only says that there are more. */
  cells: readonly (readonly string[])[];
  /** How many rows to show. */
  numRows: number;
  /** Cut cells at this many characters (`true`: 20, `false`/0: never), as `show`. */
  truncate?: boolean | number;
  /** A heading: the HTML table's caption, the text's first line. */
  caption?: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml("<script>"); // "&lt;script&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Cuts a cell as `show` does: at most `truncate` characters, the last three `...`.
 *
 * @example
 * cutCell("a long review text", 10); // "a long ..."
 */
export function cutCell(cell: string, truncate: boolean | number | undefined): string {
  const n = truncateWidth(truncate);
  if (n <= 0 || cell.length <= n) return cell;
  return n < 4 ? cell.slice(0, n) : `${cell.slice(0, n - 3)}...`;
}

/**
 * The footer shown when a table has more rows than it shows (Spark's words).
 *
 * @example
 * moreRowsNote(20); // "only showing top 20 rows"
 */
export function moreRowsNote(numRows: number): string {
  return `only showing top ${numRows} ${numRows === 1 ? "row" : "rows"}`;
}

/**
 * The table as HTML: caption, names (with types beneath), at most `numRows` rows, and a note
 * when there are more.
 *
 * @example
 * htmlTable({ names: ["id"], types: ["bigint"], cells: [["1"]], numRows: 20 });
 */
export function htmlTable(model: TableModel): string {
  const { names, types, cells, numRows } = model;
  const out = ["<table>\n"];
  if (model.caption !== undefined) out.push(`<caption>${escapeHtml(model.caption)}</caption>\n`);
  const heads = names.map((name, i) => {
    const type = types?.[i];
    const typeLine = type === undefined ? "" : `<br><small>${escapeHtml(type)}</small>`;
    return `<th>${escapeHtml(name)}${typeLine}</th>`;
  });
  out.push(`<thead><tr>${heads.join("")}</tr></thead>\n<tbody>\n`);
  for (const row of cells.slice(0, numRows)) {
    const tds = row.map((c) => `<td>${escapeHtml(cutCell(c, model.truncate))}</td>`);
    out.push(`<tr>${tds.join("")}</tr>\n`);
  }
  out.push("</tbody>\n</table>\n");
  if (cells.length > numRows) out.push(`<p>${moreRowsNote(numRows)}</p>\n`);
  return out.join("");
}

/**
 * The table as `show` prints it, under the caption if there is one.
 *
 * @example
 * textTable({ names: ["id"], cells: [["1"]], numRows: 20 }); // "+---+\n| id|\n+---+\n|  1|\n+---+\n"
 */
export function textTable(model: TableModel): string {
  const text = formatShowString(model.names, model.cells, model.numRows, {
    truncate: model.truncate ?? true,
  });
  return model.caption === undefined ? text : `${model.caption}\n${text}`;
}

/**
 * The table's bundle: HTML and aligned text.
 *
 * @example
 * const bundle = tableBundle({ names: ["metric", "value"], cells: [["rows", "3"]], numRows: 20 });
 */
export function tableBundle(model: TableModel): TableBundle {
  return { "text/html": htmlTable(model), "text/plain": textTable(model).trimEnd() };
}

function truncateWidth(truncate: boolean | number | undefined): number {
  if (truncate === undefined || truncate === true) return 20;
  if (truncate === false) return 0;
  return Math.trunc(truncate);
}
