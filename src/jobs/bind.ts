/**
 * A loaded config made ready to run: parameter values bound into its SQL expressions (as typed
 * literals) and paths (as text), and a name for each step as it appears in metrics, marks and
 * the quarantine table.
 *
 * @module
 */
import { bindSql, bindText, type JobSpec, type ParamValue, sinksOf } from "../config/mod.ts";

/**
 * The config with `${param}` references replaced: SQL in filters, aggregate windows and
 * metrics and partition expressions; text in the source, sink and quarantine paths.
 *
 * @example
 * const bound = bindSpec(spec, { as_of: "2026-05-01" });
 * bound.sink; // [{ path: ".../as_of=2026-05-01", ... }, ...]
 */
export function bindSpec(spec: JobSpec, values: Readonly<Record<string, ParamValue>>): JobSpec {
  const params = spec.params ?? {};
  const sql = (text: string) => bindSql(text, params, values);
  const text = (t: string) => bindText(t, values);
  const sinks = sinksOf(spec).map((s) => ({
    ...s,
    path: text(s.path),
    ...(s.partition_by
      ? {
        partition_by: Object.fromEntries(
          Object.entries(s.partition_by).map(([k, e]) => [k, sql(e)]),
        ),
      }
      : {}),
  }));
  return {
    ...spec,
    source: { ...spec.source, path: text(spec.source.path) },
    steps: spec.steps.map((step) => {
      if (step.filter !== undefined) return { filter: sql(step.filter) };
      if (step.aggregate) {
        const a = step.aggregate;
        const metrics = Object.fromEntries(
          Object.entries(a.metrics).map(([name, m]) => [
            name,
            typeof m === "string"
              ? sql(m)
              : Object.fromEntries(Object.entries(m).map(([f, e]) => [f, sql(e)])),
          ]),
        );
        const window = a.window ? { ...a.window, until: sql(a.window.until) } : undefined;
        return { aggregate: { ...a, metrics, ...(window ? { window } : {}) } };
      }
      return step;
    }),
    sink: Array.isArray(spec.sink) ? sinks : sinks[0],
    ...(spec.quarantine ? { quarantine: { path: text(spec.quarantine.path) } } : {}),
  };
}

/**
 * The kind of a step: its one key.
 *
 * @example
 * stepKind({ filter: "rating > 0" }); // "filter"
 */
export function stepKind(step: JobSpec["steps"][number]): string {
  return Object.keys(step)[0];
}

/**
 * Each step's name: its kind, numbered from the second of a kind (`filter`, `filter_2`).
 *
 * @example
 * stepLabels([{ filter: "a" }, { dedupe: d }, { filter: "b" }]); // ["filter", "dedupe", "filter_2"]
 */
export function stepLabels(steps: JobSpec["steps"]): string[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const kind = stepKind(step);
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    return n === 1 ? kind : `${kind}_${n}`;
  });
}
