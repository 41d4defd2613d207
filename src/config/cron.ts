/**
 * Checks a `schedule:` the way Airflow reads it: a 5-field cron expression or a preset.
 *
 * @module
 */
import { didYouMean } from "./suggest.ts";

/** Airflow's schedule presets. */
export const CRON_PRESETS = [
  "@once",
  "@continuous",
  "@hourly",
  "@daily",
  "@midnight",
  "@weekly",
  "@monthly",
  "@quarterly",
  "@yearly",
  "@annually",
] as const;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The value of names[0]. */
  base?: number;
}

const FIELDS: Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, base: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, base: 0 },
];

/**
 * Why a schedule is not a valid cron expression or preset, or undefined when it is.
 *
 * @example
 * cronError("0 2 * * *"); // undefined
 * cronError("0 25 * * *"); // "hour 25 is out of range 0-23"
 * cronError("@dayly"); // "unknown preset (did you mean '@daily'?)"
 */
export function cronError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("@")) {
    if ((CRON_PRESETS as readonly string[]).includes(trimmed)) return undefined;
    return `unknown preset${
      didYouMean(trimmed, CRON_PRESETS) || ` (one of ${CRON_PRESETS.join(", ")})`
    }`;
  }
  const parts = trimmed.split(/\s+/).filter((p) => p !== "");
  if (parts.length !== 5) {
    return `has ${parts.length} field${parts.length === 1 ? "" : "s"}; a cron expression has 5: ` +
      "minute hour day-of-month month day-of-week";
  }
  for (let i = 0; i < 5; i++) {
    const error = fieldError(parts[i], FIELDS[i]);
    if (error) return error;
  }
  return undefined;
}

function fieldError(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    const m = /^([^/]+)(?:\/(.*))?$/.exec(item);
    if (!m) return `${field.name} '${text}' is not valid`;
    const [, range, step] = m;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) {
      return `${field.name} step '${step}' must be a positive number`;
    }
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `${field.name} '${item}' is not valid`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = fieldValue(bound, field);
      if (value === undefined) {
        const names = field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : "";
        return `${field.name} '${bound}' is not a number${names}`;
      }
      if (value < field.min || value > field.max) {
        return `${field.name} ${bound} is out of range ${field.min}-${field.max}`;
      }
      values.push(value);
    }
    if (values.length === 2 && values[0] > values[1]) {
      return `${field.name} range '${range}' runs backwards`;
    }
  }
  return undefined;
}

function fieldValue(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const at = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return at >= 0 ? at + (field.base ?? 0) : undefined;
}
