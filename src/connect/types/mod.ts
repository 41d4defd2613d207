/**
 * Spark SQL's type system with PySpark's names: data type classes, DDL and type-string parsing,
 * Spark's schema JSON, and conversion to and from Spark Connect's `DataType` message.
 *
 * @example
 * import { parseDDL, toProto } from "./mod.ts";
 *
 * const schema = parseDDL("id BIGINT NOT NULL, tags ARRAY<STRING>");
 * schema.json(); // '{"type":"struct","fields":[{"name":"id","type":"long",...'
 * toProto(schema).kind.case; // "struct"
 *
 * @module
 */

export { DataType, type JsonValue, type Metadata } from "./data_type.ts";
export {
  BinaryType,
  BooleanType,
  ByteType,
  CharType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  StringType,
  VarcharType,
  VariantType,
} from "./atomic_types.ts";
export {
  CalendarIntervalType,
  DateType,
  type DayTimeIntervalField,
  DayTimeIntervalType,
  TimestampNTZType,
  TimestampType,
  TimeType,
  type YearMonthIntervalField,
  YearMonthIntervalType,
} from "./datetime_types.ts";
export { DataTypes, type SimpleDataTypes } from "./singletons.ts";
export {
  ArrayType,
  MapType,
  StructField,
  StructType,
  UserDefinedType,
  type UserDefinedTypeOptions,
} from "./complex_types.ts";
export { DataTypeParseError, type ParseErrorDetails } from "./parse_error.ts";
export { parseDataType, parseDDL } from "./ddl.ts";
export { fromJSON } from "./json.ts";
export { fromProto, toProto } from "./proto.ts";
