/**
 * Date and time functions, with PySpark's names, argument order and defaults (mind
 * `date_trunc(format, timestamp)`: the format comes first). Formats are Spark's datetime
 * patterns (`yyyy-MM-dd HH:mm:ss`); times are read in the session time zone.
 *
 * @module
 */
import type { Column, ColumnOrName } from "../column.ts";
import { toColumn } from "../column.ts";
import { invoke, invokeOnColumns, litOrColumn, numberOrColumn } from "./invoke.ts";

const DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss";

/**
 * Today's date at the start of the query.
 *
 * @example
 * current_date();
 */
export function current_date(): Column {
  return invoke("current_date", []);
}

/**
 * The timestamp at the start of the query.
 *
 * @example
 * current_timestamp();
 */
export function current_timestamp(): Column {
  return invoke("current_timestamp", []);
}

/**
 * The session time zone.
 *
 * @example
 * current_timezone();
 */
export function current_timezone(): Column {
  return invoke("current_timezone", []);
}

/**
 * A string or timestamp as a DATE, parsed with `format` when given (null or an error under
 * ANSI when it does not parse).
 *
 * @example
 * to_date("day", "dd/MM/yyyy");
 */
export function to_date(col: ColumnOrName, format?: string): Column {
  const args = [toColumn(col)];
  return invoke("to_date", format === undefined ? args : [...args, litOrColumn(format)]);
}

/**
 * A string as a TIMESTAMP, parsed with `format` when given.
 *
 * @example
 * to_timestamp("publishedAt", "yyyy-MM-dd'T'HH:mm:ssXXX");
 */
export function to_timestamp(col: ColumnOrName, format?: string): Column {
  const args = [toColumn(col)];
  return invoke("to_timestamp", format === undefined ? args : [...args, litOrColumn(format)]);
}

/**
 * As `to_timestamp`, but null instead of an error for text that does not parse; `format` is a
 * column (wrap text in `lit`), as in PySpark.
 *
 * @example
 * try_to_timestamp("raw", lit("yyyy-MM-dd"));
 */
export function try_to_timestamp(col: ColumnOrName, format?: ColumnOrName): Column {
  const args = format === undefined ? [col] : [col, format];
  return invokeOnColumns("try_to_timestamp", ...args);
}

/**
 * A date or timestamp as text in `format`.
 *
 * @example
 * date_format("publishedAt", "yyyy-MM");
 */
export function date_format(date: ColumnOrName, format: string): Column {
  return invoke("date_format", [toColumn(date), litOrColumn(format)]);
}

/**
 * The timestamp truncated to a unit: `year`, `quarter`, `month`, `week`, `day`, `hour`, ...
 * The format comes first.
 *
 * @example
 * date_trunc("month", "publishedAt");
 */
export function date_trunc(format: string, timestamp: ColumnOrName): Column {
  return invoke("date_trunc", [litOrColumn(format), toColumn(timestamp)]);
}

/**
 * The date truncated to `year`, `quarter`, `month` or `week` (a DATE); the date comes first.
 *
 * @example
 * trunc("day", "month");
 */
export function trunc(date: ColumnOrName, format: string): Column {
  return invoke("trunc", [toColumn(date), litOrColumn(format)]);
}

/**
 * The date `days` after `start` (a number is a value, a string a column name).
 *
 * @example
 * date_add("day", 7);
 */
export function date_add(start: ColumnOrName, days: ColumnOrName | number): Column {
  return invoke("date_add", [toColumn(start), numberOrColumn(days)]);
}

/**
 * The date `days` before `start`.
 *
 * @example
 * date_sub("day", 1);
 */
export function date_sub(start: ColumnOrName, days: ColumnOrName | number): Column {
  return invoke("date_sub", [toColumn(start), numberOrColumn(days)]);
}

/**
 * The number of days from `start` to `end` (`end - start`).
 *
 * @example
 * datediff("closedAt", "openedAt");
 */
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return invokeOnColumns("datediff", end, start);
}

/**
 * The number of days from `start` to `end`, as `datediff`.
 *
 * @example
 * date_diff("closedAt", "openedAt");
 */
export function date_diff(end: ColumnOrName, start: ColumnOrName): Column {
  return invokeOnColumns("date_diff", end, start);
}

/**
 * The date `months` after `start` (clamped to the month's last day).
 *
 * @example
 * add_months("day", 1);
 */
export function add_months(start: ColumnOrName, months: ColumnOrName | number): Column {
  return invoke("add_months", [toColumn(start), numberOrColumn(months)]);
}

/**
 * The months between `date1` and `date2` (positive when `date1` is later), rounded to 8
 * decimals unless `roundOff` is false.
 *
 * @example
 * months_between("closedAt", "openedAt");
 */
export function months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff = true): Column {
  return invoke("months_between", [toColumn(date1), toColumn(date2), litOrColumn(roundOff)]);
}

/**
 * The last day of the date's month.
 *
 * @example
 * last_day("day");
 */
export function last_day(date: ColumnOrName): Column {
  return invokeOnColumns("last_day", date);
}

/**
 * The first date after `date` falling on `dayOfWeek` (`"Mon"`, `"Tuesday"`, ...).
 *
 * @example
 * next_day("day", "Mon");
 */
export function next_day(date: ColumnOrName, dayOfWeek: string): Column {
  return invoke("next_day", [toColumn(date), litOrColumn(dayOfWeek)]);
}

/**
 * Seconds since the epoch: now without arguments, else of a timestamp or of text in `format`.
 *
 * @example
 * unix_timestamp("raw", "yyyy-MM-dd HH:mm:ss");
 */
export function unix_timestamp(timestamp?: ColumnOrName, format = DEFAULT_FORMAT): Column {
  if (timestamp === undefined) return invoke("unix_timestamp", []);
  return invoke("unix_timestamp", [toColumn(timestamp), litOrColumn(format)]);
}

/**
 * Seconds since the epoch as text in `format`, in the session time zone.
 *
 * @example
 * from_unixtime("epochSeconds");
 */
export function from_unixtime(timestamp: ColumnOrName, format = DEFAULT_FORMAT): Column {
  return invoke("from_unixtime", [toColumn(timestamp), litOrColumn(format)]);
}

/**
 * Seconds since the epoch as a TIMESTAMP.
 *
 * @example
 * timestamp_seconds("epochSeconds");
 */
export function timestamp_seconds(col: ColumnOrName): Column {
  return invokeOnColumns("timestamp_seconds", col);
}

/**
 * Milliseconds since the epoch as a TIMESTAMP.
 *
 * @example
 * timestamp_millis("epochMillis");
 */
export function timestamp_millis(col: ColumnOrName): Column {
  return invokeOnColumns("timestamp_millis", col);
}

/**
 * A timestamp's seconds since the epoch.
 *
 * @example
 * unix_seconds("publishedAt");
 */
export function unix_seconds(col: ColumnOrName): Column {
  return invokeOnColumns("unix_seconds", col);
}

/**
 * A timestamp's milliseconds since the epoch.
 *
 * @example
 * unix_millis("publishedAt");
 */
export function unix_millis(col: ColumnOrName): Column {
  return invokeOnColumns("unix_millis", col);
}

/**
 * A DATE from year, month and day columns (null or an error for invalid dates).
 *
 * @example
 * make_date("y", "m", "d");
 */
export function make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column {
  return invokeOnColumns("make_date", year, month, day);
}

/**
 * A UTC timestamp shifted to the wall clock of time zone `tz` (a name or a column).
 *
 * @example
 * from_utc_timestamp("publishedAt", "Europe/Paris");
 */
export function from_utc_timestamp(timestamp: ColumnOrName, tz: Column | string): Column {
  return invoke("from_utc_timestamp", [toColumn(timestamp), litOrColumn(tz)]);
}

/**
 * A wall-clock timestamp in time zone `tz` shifted to UTC.
 *
 * @example
 * to_utc_timestamp("localTime", "Europe/Paris");
 */
export function to_utc_timestamp(timestamp: ColumnOrName, tz: Column | string): Column {
  return invoke("to_utc_timestamp", [toColumn(timestamp), litOrColumn(tz)]);
}

/**
 * Whole `unit`s (`YEAR`, `MONTH`, `DAY`, `HOUR`, `MINUTE`, `SECOND`, ...) from `start` to `end`.
 *
 * @example
 * timestamp_diff("HOUR", "openedAt", "closedAt");
 */
export function timestamp_diff(unit: string, start: ColumnOrName, end: ColumnOrName): Column {
  return invoke("timestampdiff", [litOrColumn(unit), toColumn(start), toColumn(end)], {
    fragment: "timestamp_diff",
  });
}

/**
 * `quantity` `unit`s added to a timestamp.
 *
 * @example
 * timestamp_add("MINUTE", lit(90), "openedAt");
 */
export function timestamp_add(unit: string, quantity: ColumnOrName, ts: ColumnOrName): Column {
  return invoke("timestampadd", [litOrColumn(unit), toColumn(quantity), toColumn(ts)], {
    fragment: "timestamp_add",
  });
}

/** A field of a date or timestamp, by Spark function name. */
function field(name: string, col: ColumnOrName): Column {
  return invokeOnColumns(name, col);
}

/**
 * The year.
 *
 * @example
 * year("publishedAt");
 */
export function year(col: ColumnOrName): Column {
  return field("year", col);
}

/**
 * The quarter (1-4).
 *
 * @example
 * quarter("publishedAt");
 */
export function quarter(col: ColumnOrName): Column {
  return field("quarter", col);
}

/**
 * The month (1-12).
 *
 * @example
 * month("publishedAt");
 */
export function month(col: ColumnOrName): Column {
  return field("month", col);
}

/**
 * The day of the month (1-31).
 *
 * @example
 * dayofmonth("publishedAt");
 */
export function dayofmonth(col: ColumnOrName): Column {
  return field("dayofmonth", col);
}

/**
 * The day of the week, 1 = Sunday to 7 = Saturday.
 *
 * @example
 * dayofweek("publishedAt");
 */
export function dayofweek(col: ColumnOrName): Column {
  return field("dayofweek", col);
}

/**
 * The day of the year (1-366).
 *
 * @example
 * dayofyear("publishedAt");
 */
export function dayofyear(col: ColumnOrName): Column {
  return field("dayofyear", col);
}

/**
 * The ISO week of the year (1-53).
 *
 * @example
 * weekofyear("publishedAt");
 */
export function weekofyear(col: ColumnOrName): Column {
  return field("weekofyear", col);
}

/**
 * The hour (0-23).
 *
 * @example
 * hour("publishedAt");
 */
export function hour(col: ColumnOrName): Column {
  return field("hour", col);
}

/**
 * The minute (0-59).
 *
 * @example
 * minute("publishedAt");
 */
export function minute(col: ColumnOrName): Column {
  return field("minute", col);
}

/**
 * The second (0-59).
 *
 * @example
 * second("publishedAt");
 */
export function second(col: ColumnOrName): Column {
  return field("second", col);
}
