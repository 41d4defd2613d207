/**
 * Any value as a bundle, and showing it now: in the kernel as a `display_data` output, in a
 * terminal or a headless run as its text.
 *
 * @module
 */
import { DataFrame } from "../connect/dataframe.ts";
import {
  type Display,
  displayBundle,
  isDisplayable,
  JUPYTER_DISPLAY,
  jupyterApi,
  type MimeBundle,
  type TableBundle,
} from "./bundle.ts";
import { displayDefaults } from "./install.ts";
import { dataFrameBundle, type TableOptions } from "./table.ts";
import {
  fieldsBundle,
  formatValue,
  type HasMetrics,
  hasMetrics,
  isPlainObject,
  type Metrics,
  metricsBundle,
  recordsBundle,
  type ValuesOptions,
} from "./values.ts";

/** Options of {@linkcode toBundle}: those of DataFrames and of plain data. */
export type BundleOptions = TableOptions & ValuesOptions;

/**
 * The bundle of any value:
 *
 * - a DataFrame: the table of its first rows (running its bounded query), laid out as
 *   `installDisplay` set unless `opts` says otherwise;
 * - a value with a display method (a chart, a table): its own bundle;
 * - a value with `metrics` (a step's result): its metrics table;
 * - an array of plain objects: a table of records; a plain object or a Map: a key/value table;
 * - anything else: text only.
 *
 * @example
 * const bundle = await toBundle([{ id: 1, name: "a" }]);
 * bundle["text/html"]; // "<table>..."
 */
export async function toBundle(value: unknown, opts: BundleOptions = {}): Promise<MimeBundle> {
  // Before the display method `installDisplay` gives DataFrames, which takes no options.
  if (value instanceof DataFrame) {
    return await dataFrameBundle(value, { ...displayDefaults(), ...definedOnly(opts) });
  }
  if (isDisplayable(value)) return await value[JUPYTER_DISPLAY]();
  if (hasMetrics(value)) return metricsBundle(value, opts);
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    return recordsBundle(value, opts);
  }
  if (value instanceof Map || isPlainObject(value)) return fieldsBundle(value, opts);
  return { "text/plain": formatValue(value) };
}

/**
 * A value that renders as {@linkcode toBundle} makes it, when it is a cell's last value.
 *
 * @example
 * displayable({ source: "/data/reviews", rows: 120n }); // as a cell's last value
 */
export function displayable(value: unknown, opts: BundleOptions = {}): Display {
  return displayBundle(() => toBundle(value, opts));
}

/**
 * A step's (or any) result shown as its metrics table, when it is a cell's last value; the
 * metrics themselves do too.
 *
 * @example
 * const result = await dedupe(reviews, { keys: ["restaurantId", "reviewId"] });
 * displayMetrics(result); // as a cell's last value
 * displayMetrics({ step: "dedupe", rowsIn: 200, rowsOut: 193, rejected: { duplicate: 7 } });
 */
export function displayMetrics(
  result: HasMetrics | Metrics,
  opts: ValuesOptions = {},
): Display<TableBundle> {
  const bundle = () => metricsBundle(result, opts);
  return displayBundle(bundle, () => bundle()["text/plain"]);
}

/** Options of {@linkcode display}. */
export interface DisplayOptions extends BundleOptions {
  /** Names the output, so a later `display(..., { displayId, update: true })` replaces it. */
  displayId?: string;
  /** Replace the output named `displayId` instead of adding one. */
  update?: boolean;
}

/**
 * Shows a value now, as IPython's `display`: in the Deno kernel as a `display_data` output
 * (its bundle as {@linkcode toBundle} makes it), elsewhere by printing its text.
 *
 * @example
 * await display(df); // the table, mid-cell
 * await display({ name: "write", metrics: { rows: 118n } });
 */
export async function display(value: unknown, opts: DisplayOptions = {}): Promise<void> {
  const bundle = await toBundle(value, opts);
  const kernel = jupyterApi();
  if (!kernel) {
    console.log(bundle["text/plain"]);
    return;
  }
  await kernel.display(bundle, {
    raw: true,
    ...(opts.displayId === undefined ? {} : { display_id: opts.displayId }),
    ...(opts.update ? { update: true } : {}),
  });
}

function definedOnly<T extends object>(opts: T): Partial<T> {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<T>;
}
