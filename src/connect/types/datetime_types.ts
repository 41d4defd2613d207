/**
 * Spark's date, time, timestamp and interval types.
 *
 * @module
 */

import { DataType } from "./data_type.ts";

/**
 * Spark's `date`: a calendar date without a time.
 *
 * @example
 * new DateType().typeName(); // "date"
 */
export class DateType extends DataType {
  /** Returns `date`. */
  typeName(): string {
    return "date";
  }
}

/**
 * Spark's `timestamp`: an instant, shown in the session time zone.
 *
 * @example
 * new TimestampType().typeName(); // "timestamp"
 */
export class TimestampType extends DataType {
  /** Returns `timestamp`. */
  typeName(): string {
    return "timestamp";
  }
}

/**
 * Spark's `timestamp_ntz`: a wall-clock date and time without a time zone.
 *
 * @example
 * new TimestampNTZType().sql(); // "TIMESTAMP_NTZ"
 */
export class TimestampNTZType extends DataType {
  /** Returns `timestamp_ntz`. */
  typeName(): string {
    return "timestamp_ntz";
  }
}

/**
 * Spark's `time(p)` (Spark 4.1+): a time of day with `p` (0 to 6) fractional-second digits.
 *
 * @example
 * new TimeType().typeName(); // "time(6)"
 */
export class TimeType extends DataType {
  /** Creates `time(precision)`; the default precision is 6 (microseconds). */
  constructor(readonly precision: number = 6) {
    super();
    if (!Number.isInteger(precision) || precision < 0 || precision > 6) {
      throw new RangeError(`time precision must be an integer from 0 to 6, got ${precision}`);
    }
    Object.freeze(this);
  }

  /** Returns `time(p)`. */
  typeName(): string {
    return `time(${this.precision})`;
  }

  /** Whether `other` is a time of the same precision. */
  override equals(other: unknown): boolean {
    return other instanceof TimeType && other.precision === this.precision;
  }
}

/** A field of a day-time interval: 0 day, 1 hour, 2 minute, 3 second. */
export type DayTimeIntervalField = 0 | 1 | 2 | 3;

/** A field of a year-month interval: 0 year, 1 month. */
export type YearMonthIntervalField = 0 | 1;

/** Spark's unit names, indexed by interval field. */
const DAY_TIME_UNITS = ["day", "hour", "minute", "second"];
const YEAR_MONTH_UNITS = ["year", "month"];

/** Resolves PySpark's interval defaults and checks the fields are ordered and known. */
function intervalFields<F extends number>(
  kind: string,
  units: readonly string[],
  start: F | undefined,
  end: F | undefined,
): [F, F] {
  const first = (start ?? 0) as F;
  const last = (end ?? (start === undefined ? units.length - 1 : start)) as F;
  const known = (f: number) => Number.isInteger(f) && f >= 0 && f < units.length;
  if (!known(first) || !known(last) || first > last) {
    throw new RangeError(
      `${kind} fields must satisfy 0 <= start <= end <= ${units.length - 1}, got ${first}, ${last}`,
    );
  }
  return [first, last];
}

/** Formats `interval day to second`, or `interval day` when both fields are the same. */
function intervalName(units: readonly string[], start: number, end: number): string {
  return start === end ? `interval ${units[start]}` : `interval ${units[start]} to ${units[end]}`;
}

/**
 * Spark's day-time interval, from `startField` to `endField`; `DayTimeIntervalType()` is
 * `interval day to second` and `DayTimeIntervalType(HOUR)` is `interval hour`, as in PySpark.
 *
 * @example
 * new DayTimeIntervalType(DayTimeIntervalType.HOUR, DayTimeIntervalType.SECOND).json();
 * // "\"interval hour to second\""
 */
export class DayTimeIntervalType extends DataType {
  /** The day field. */
  static readonly DAY = 0;
  /** The hour field. */
  static readonly HOUR = 1;
  /** The minute field. */
  static readonly MINUTE = 2;
  /** The second field. */
  static readonly SECOND = 3;

  /** The leading field. */
  readonly startField: DayTimeIntervalField;
  /** The trailing field. */
  readonly endField: DayTimeIntervalField;

  /** Creates the interval; throws a `RangeError` when the fields are unknown or reversed. */
  constructor(startField?: DayTimeIntervalField, endField?: DayTimeIntervalField) {
    super();
    [this.startField, this.endField] = intervalFields(
      "day-time interval",
      DAY_TIME_UNITS,
      startField,
      endField,
    );
    Object.freeze(this);
  }

  /** Returns e.g. `interval day to second` or `interval hour`. */
  typeName(): string {
    return intervalName(DAY_TIME_UNITS, this.startField, this.endField);
  }

  /** Whether `other` is a day-time interval with the same fields. */
  override equals(other: unknown): boolean {
    return other instanceof DayTimeIntervalType && other.startField === this.startField &&
      other.endField === this.endField;
  }
}

/**
 * Spark's year-month interval, from `startField` to `endField`; `YearMonthIntervalType()` is
 * `interval year to month`.
 *
 * @example
 * new YearMonthIntervalType(YearMonthIntervalType.MONTH).sql(); // "INTERVAL MONTH"
 */
export class YearMonthIntervalType extends DataType {
  /** The year field. */
  static readonly YEAR = 0;
  /** The month field. */
  static readonly MONTH = 1;

  /** The leading field. */
  readonly startField: YearMonthIntervalField;
  /** The trailing field. */
  readonly endField: YearMonthIntervalField;

  /** Creates the interval; throws a `RangeError` when the fields are unknown or reversed. */
  constructor(startField?: YearMonthIntervalField, endField?: YearMonthIntervalField) {
    super();
    [this.startField, this.endField] = intervalFields(
      "year-month interval",
      YEAR_MONTH_UNITS,
      startField,
      endField,
    );
    Object.freeze(this);
  }

  /** Returns e.g. `interval year to month` or `interval month`. */
  typeName(): string {
    return intervalName(YEAR_MONTH_UNITS, this.startField, this.endField);
  }

  /** Whether `other` is a year-month interval with the same fields. */
  override equals(other: unknown): boolean {
    return other instanceof YearMonthIntervalType && other.startField === this.startField &&
      other.endField === this.endField;
  }
}

/**
 * Spark's legacy calendar `interval` of months, days and microseconds.
 *
 * @example
 * new CalendarIntervalType().json(); // "\"interval\""
 */
export class CalendarIntervalType extends DataType {
  /** Returns `interval`. */
  typeName(): string {
    return "interval";
  }
}
