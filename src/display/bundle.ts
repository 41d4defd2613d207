/**
 * MIME bundles and the Deno kernel's display protocol.
 *
 * The Deno kernel renders a cell's last value from the bundle its `Symbol.for("Jupyter.display")`
 * method returns (awaited), found through the prototype chain; everywhere else such an object is
 * just an object. So display code here only builds bundles: it never needs the kernel, and
 * terminals and headless runs read the `text/plain` part.
 *
 * `Deno.jupyter` throws on any access outside the kernel, and `"jupyter" in Deno` is true
 * everywhere (measured with Deno 2.9.6), so {@linkcode jupyterApi} reads it once inside a
 * `try` and nothing else in the library touches it.
 *
 * @module
 */

/**
 * The key of the display method the Deno kernel looks for on a cell's last value.
 *
 * @example
 * const value = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "hello" }) };
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * The MIME type JupyterLab 4 renders with vega-lite 5.
 *
 * @example
 * const bundle = { [VEGA_LITE_MIME]: spec, "text/plain": "a chart" };
 */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/**
 * The `$schema` of a vega-lite 5 spec (the kernel and JupyterLab key on its `/vega-lite/v5.json`
 * ending).
 *
 * @example
 * const spec = { $schema: VEGA_LITE_SCHEMA, mark: "bar" };
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A vega-lite spec as JSON (typed loosely: the library does not depend on vega-lite).
 *
 * @example
 * const spec: VegaLiteSpec = { mark: "bar", encoding: { x: { field: "rating" } } };
 */
export type VegaLiteSpec = { [key: string]: unknown };

/**
 * A MIME bundle: one representation per MIME type; `text/plain` is always there.
 *
 * @example
 * const bundle: MimeBundle = { "text/plain": "3 rows", "text/html": "<table>...</table>" };
 */
export interface MimeBundle {
  /** Text for terminals, headless runs and frontends without a richer renderer. */
  "text/plain": string;
  /** HTML, which JupyterLab ranks above every other type here. */
  "text/html"?: string;
  /** A vega-lite 5 spec with its data inline. */
  [VEGA_LITE_MIME]?: VegaLiteSpec;
}

/**
 * The bundle of a table: HTML for JupyterLab, aligned text for everything else.
 *
 * @example
 * const bundle: TableBundle = { "text/plain": "+---+\n...", "text/html": "<table>...</table>" };
 */
export interface TableBundle extends MimeBundle {
  /** The table as HTML. */
  "text/html": string;
}

/**
 * The bundle of a chart: vega-lite and text, and never `text/html` (JupyterLab prefers HTML
 * over vega-lite when a bundle holds both).
 *
 * @example
 * const bundle: ChartBundle = { [VEGA_LITE_MIME]: spec, "text/plain": "bar chart, 5 rows" };
 */
export interface ChartBundle extends MimeBundle {
  /** The chart's spec. */
  [VEGA_LITE_MIME]: VegaLiteSpec;
  /** Never: it would hide the chart in JupyterLab. */
  "text/html"?: never;
}

/**
 * A value the Deno kernel renders from a bundle.
 *
 * @example
 * const hello: Displayable = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "hello" }) };
 */
export interface Displayable {
  /** The bundle to render, called (and awaited) by the kernel. */
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/**
 * A value with its bundle at hand: the kernel renders it, code calls `bundle()`.
 *
 * @example
 * const shown = displayBundle(() => ({ "text/plain": "hello" }));
 * (await shown.bundle())["text/plain"]; // "hello"
 */
export interface Display<B extends MimeBundle = MimeBundle> extends Displayable {
  /** Builds the bundle (running whatever query it needs). */
  bundle(): Promise<B>;
  /** The same as `bundle()`, for the kernel. */
  [JUPYTER_DISPLAY](): Promise<B>;
}

/**
 * Whether a value (or its prototype chain) has a display method.
 *
 * @example
 * isDisplayable({ [JUPYTER_DISPLAY]: () => ({ "text/plain": "" }) }); // true
 */
export function isDisplayable(value: unknown): value is Displayable {
  return (typeof value === "object" || typeof value === "function") && value !== null &&
    typeof (value as Partial<Displayable>)[JUPYTER_DISPLAY] === "function";
}

/**
 * A {@linkcode Display} whose bundle comes from `render`, called each time it is shown. When
 * the text is known without I/O, `text` gives it to `console.log` (outside the kernel).
 *
 * @example
 * const shown = displayBundle(() => ({ "text/plain": "done", "text/html": "<b>done</b>" }));
 */
export function displayBundle<B extends MimeBundle>(
  render: () => B | Promise<B>,
  text?: () => string,
): Display<B> {
  const bundle = async () => await render();
  const shown: Display<B> = { bundle, [JUPYTER_DISPLAY]: bundle };
  if (text) Object.defineProperty(shown, Symbol.for("Deno.customInspect"), { value: text });
  return shown;
}

/** What the library uses of `Deno.jupyter`. */
export interface JupyterApi {
  /** Publishes a bundle as a `display_data` output (or updates the one of `display_id`). */
  display(bundle: MimeBundle, opts: { raw: true; display_id?: string; update?: boolean }): unknown;
}

/**
 * `Deno.jupyter` inside the kernel, `undefined` anywhere else (where reading it throws).
 *
 * @example
 * const kernel = jupyterApi();
 * if (kernel) await kernel.display({ "text/plain": "hi" }, { raw: true });
 */
export function jupyterApi(): JupyterApi | undefined {
  try {
    return (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
  } catch {
    return undefined;
  }
}
