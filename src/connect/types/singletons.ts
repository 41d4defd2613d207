/**
 * Shared instances of the data types that take no parameters.
 *
 * @module
 */

import {
  BinaryType,
  BooleanType,
  ByteType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  StringType,
  VariantType,
} from "./atomic_types.ts";
import {
  CalendarIntervalType,
  DateType,
  TimestampNTZType,
  TimestampType,
} from "./datetime_types.ts";

/**
 * The shape of {@linkcode DataTypes}: one instance of each type that takes no parameters.
 *
 * @example
 * const ints: SimpleDataTypes["IntegerType"] = DataTypes.IntegerType;
 */
export interface SimpleDataTypes {
  /** `boolean` */
  readonly BooleanType: BooleanType;
  /** `tinyint` */
  readonly ByteType: ByteType;
  /** `smallint` */
  readonly ShortType: ShortType;
  /** `int` */
  readonly IntegerType: IntegerType;
  /** `bigint` */
  readonly LongType: LongType;
  /** `float` */
  readonly FloatType: FloatType;
  /** `double` */
  readonly DoubleType: DoubleType;
  /** `string` (the default collation) */
  readonly StringType: StringType;
  /** `binary` */
  readonly BinaryType: BinaryType;
  /** `date` */
  readonly DateType: DateType;
  /** `timestamp` */
  readonly TimestampType: TimestampType;
  /** `timestamp_ntz` */
  readonly TimestampNTZType: TimestampNTZType;
  /** `interval` */
  readonly CalendarIntervalType: CalendarIntervalType;
  /** `void` */
  readonly NullType: NullType;
  /** `variant` */
  readonly VariantType: VariantType;
}

/**
 * Shared instances of the types that take no parameters, like Scala's `DataTypes`.
 *
 * @example
 * const schema = new StructType().add("id", DataTypes.LongType, false);
 */
export const DataTypes: SimpleDataTypes = Object.freeze({
  BooleanType: new BooleanType(),
  ByteType: new ByteType(),
  ShortType: new ShortType(),
  IntegerType: new IntegerType(),
  LongType: new LongType(),
  FloatType: new FloatType(),
  DoubleType: new DoubleType(),
  StringType: new StringType(),
  BinaryType: new BinaryType(),
  DateType: new DateType(),
  TimestampType: new TimestampType(),
  TimestampNTZType: new TimestampNTZType(),
  CalendarIntervalType: new CalendarIntervalType(),
  NullType: new NullType(),
  VariantType: new VariantType(),
});
