/**
 * Rich display for notebooks: DataFrames as tables of their first rows with their schema,
 * results as tables of their metrics, and vega-lite 5 charts with the data inline. Every
 * bundle has `text/plain`, so terminals and headless runs stay readable; nothing here needs
 * the kernel, and only `display()` uses it when it is there.
 *
 * Importing this module makes DataFrames render as tables in the Deno kernel
 * ({@linkcode installDisplay}; see `install.ts` for why it is done here).
 *
 * @example
 * import { chart, display, displayMetrics, ratingDistribution } from "./src/display/mod.ts";
 *
 * df; // a cell's last value: the table of its first 20 rows, with column names and types
 * await display(df.limit(5)); // the same, mid-cell
 * displayMetrics({ name: "dedupe", metrics: { rowsIn: 120n, rowsOut: 118n } });
 * await chart(df.groupBy("rating").count(), { mark: "bar", encoding: {} });
 * await ratingDistribution(reviews);
 *
 * @module
 */
import { installDisplay } from "./install.ts";

export {
  type ChartBundle,
  type Display,
  type Displayable,
  displayBundle,
  isDisplayable,
  JUPYTER_DISPLAY,
  type JupyterApi,
  jupyterApi,
  type MimeBundle,
  type TableBundle,
  VEGA_LITE_MIME,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from "./bundle.ts";
export {
  arrowToJson,
  bigintJson,
  type Chart,
  chart,
  ChartDataTooLargeError,
  chartFromArrow,
  chartFromValues,
  type ChartOptions,
  DEFAULT_MAX_CHART_ROWS,
  type JsonRow,
  toJson,
} from "./chart.ts";
export {
  type BundleOptions,
  display,
  displayable,
  displayMetrics,
  type DisplayOptions,
  toBundle,
} from "./display.ts";
export { escapeHtml, htmlTable, tableBundle, type TableModel, textTable } from "./html.ts";
export { type DisplayDefaults, displayDefaults, installDisplay } from "./install.ts";
export {
  ratingDistribution,
  type ReviewChartOptions,
  reviewsPerMonth,
  topRestaurants,
} from "./review_charts.ts";
export {
  dataFrameBundle,
  type DataFrameSample,
  DEFAULT_ROWS,
  sampleBundle,
  sampleDataFrame,
  table,
  type TableOptions,
} from "./table.ts";
export {
  fieldsBundle,
  formatValue,
  type HasMetrics,
  hasMetrics,
  type Metrics,
  metricsBundle,
  recordsBundle,
  type ValuesOptions,
} from "./values.ts";

installDisplay();
