/**
 * How a DataFrame renders as a cell's last value: this module gives `DataFrame.prototype` the
 * kernel's display method (`Symbol.for("Jupyter.display")`), returning the table of
 * `table.ts` — built only when the kernel displays the value, from one bounded query.
 *
 * The method is added here rather than written in `connect/dataframe.ts` because lower layers
 * never import upper ones: `connect/` knows nothing of display. `display/mod.ts` installs it
 * when it is first imported (and the package's `mod.ts` re-exports `display/mod.ts`), so a
 * notebook that imports Lakebook shows DataFrames as tables without a call; importing
 * `connect/` alone leaves DataFrames plain objects, as they are outside notebooks. The method
 * is not enumerable, so it changes nothing else about a DataFrame.
 *
 * @module
 */
import { DataFrame } from "../connect/dataframe.ts";
import { JUPYTER_DISPLAY, type TableBundle } from "./bundle.ts";
import { dataFrameBundle, DEFAULT_ROWS, type TableOptions } from "./table.ts";

/** How DataFrames shown as a cell's last value are laid out. */
export type DisplayDefaults = Pick<TableOptions, "rows" | "truncate">;

let defaults: Required<DisplayDefaults> = { rows: DEFAULT_ROWS, truncate: true };

/**
 * Makes DataFrames render as tables in the Deno kernel (idempotent); the options set how many
 * rows (default 20) and how cells are cut, for every DataFrame shown from then on.
 *
 * @example
 * installDisplay({ rows: 50 }); // DataFrames now show their first 50 rows
 */
export function installDisplay(opts: DisplayDefaults = {}): void {
  defaults = { ...defaults, ...opts };
  if (Object.hasOwn(DataFrame.prototype, JUPYTER_DISPLAY)) return;
  Object.defineProperty(DataFrame.prototype, JUPYTER_DISPLAY, {
    value: function (this: DataFrame): Promise<TableBundle> {
      return dataFrameBundle(this, defaults);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/**
 * The current defaults of DataFrame tables.
 *
 * @example
 * displayDefaults().rows; // 20
 */
export function displayDefaults(): Required<DisplayDefaults> {
  return { ...defaults };
}
