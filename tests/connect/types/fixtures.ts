/**
 * Every data type Lakebook models, with the names, strings and JSON Spark gives it, written out
 * by hand from Spark's documented forms.
 *
 * @module
 */

import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  CharType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
  TimeType,
  UserDefinedType,
  VarcharType,
  VariantType,
  YearMonthIntervalType,
} from "../../../src/connect/types/mod.ts";

/** One type and how Spark names, prints and serialises it. */
export interface TypeCase {
  readonly type: DataType;
  readonly typeName: string;
  readonly simpleString: string;
  readonly sql: string;
  readonly json: string;
  /** False when DDL cannot say everything about the type (e.g. `containsNull = false`). */
  readonly ddl: boolean;
  /** False when Spark's JSON drops part of the type (a collation outside a struct field). */
  readonly jsonKeepsAll: boolean;
}

function typeCase(
  type: DataType,
  typeName: string,
  simpleString: string,
  sql: string,
  json: string,
  { ddl = true, jsonKeepsAll = true } = {},
): TypeCase {
  return { type, typeName, simpleString, sql, json, ddl, jsonKeepsAll };
}

const { DAY, HOUR, MINUTE, SECOND } = DayTimeIntervalType;
const { YEAR, MONTH } = YearMonthIntervalType;

/** A struct exercising quoting, nullability, comments and nesting. */
export const RICH_STRUCT = new StructType([
  new StructField("id", new LongType(), false),
  new StructField("unit price", new DecimalType(10, 2), true, { comment: "in EUR" }),
  new StructField(
    "tags",
    new ArrayType(
      new StructType([
        new StructField("k", new StringType()),
        new StructField("v", new IntegerType(), false),
      ]),
    ),
  ),
]);

const VECTOR_SQL_TYPE = new StructType([
  new StructField("type", new ByteType(), false),
  new StructField("values", new ArrayType(new DoubleType(), false)),
]);

export const TYPE_CASES: readonly TypeCase[] = [
  typeCase(new BooleanType(), "boolean", "boolean", "BOOLEAN", '"boolean"'),
  typeCase(new ByteType(), "byte", "tinyint", "TINYINT", '"byte"'),
  typeCase(new ShortType(), "short", "smallint", "SMALLINT", '"short"'),
  typeCase(new IntegerType(), "integer", "int", "INT", '"integer"'),
  typeCase(new LongType(), "long", "bigint", "BIGINT", '"long"'),
  typeCase(new FloatType(), "float", "float", "FLOAT", '"float"'),
  typeCase(new DoubleType(), "double", "double", "DOUBLE", '"double"'),
  typeCase(new DecimalType(), "decimal(10,0)", "decimal(10,0)", "DECIMAL(10,0)", '"decimal(10,0)"'),
  typeCase(
    new DecimalType(38, 18),
    "decimal(38,18)",
    "decimal(38,18)",
    "DECIMAL(38,18)",
    '"decimal(38,18)"',
  ),
  typeCase(new StringType(), "string", "string", "STRING", '"string"'),
  typeCase(
    new StringType("UNICODE_CI"),
    "string collate UNICODE_CI",
    "string collate UNICODE_CI",
    "STRING COLLATE UNICODE_CI",
    '"string"',
    { jsonKeepsAll: false },
  ),
  typeCase(new CharType(5), "char(5)", "char(5)", "CHAR(5)", '"char(5)"'),
  typeCase(new VarcharType(20), "varchar(20)", "varchar(20)", "VARCHAR(20)", '"varchar(20)"'),
  typeCase(new BinaryType(), "binary", "binary", "BINARY", '"binary"'),
  typeCase(new DateType(), "date", "date", "DATE", '"date"'),
  typeCase(new TimestampType(), "timestamp", "timestamp", "TIMESTAMP", '"timestamp"'),
  typeCase(
    new TimestampNTZType(),
    "timestamp_ntz",
    "timestamp_ntz",
    "TIMESTAMP_NTZ",
    '"timestamp_ntz"',
  ),
  typeCase(new TimeType(), "time(6)", "time(6)", "TIME(6)", '"time(6)"'),
  typeCase(new TimeType(0), "time(0)", "time(0)", "TIME(0)", '"time(0)"'),
  typeCase(
    new DayTimeIntervalType(),
    "interval day to second",
    "interval day to second",
    "INTERVAL DAY TO SECOND",
    '"interval day to second"',
  ),
  typeCase(
    new DayTimeIntervalType(HOUR),
    "interval hour",
    "interval hour",
    "INTERVAL HOUR",
    '"interval hour"',
  ),
  typeCase(
    new DayTimeIntervalType(DAY, MINUTE),
    "interval day to minute",
    "interval day to minute",
    "INTERVAL DAY TO MINUTE",
    '"interval day to minute"',
  ),
  typeCase(
    new DayTimeIntervalType(MINUTE, SECOND),
    "interval minute to second",
    "interval minute to second",
    "INTERVAL MINUTE TO SECOND",
    '"interval minute to second"',
  ),
  typeCase(
    new YearMonthIntervalType(),
    "interval year to month",
    "interval year to month",
    "INTERVAL YEAR TO MONTH",
    '"interval year to month"',
  ),
  typeCase(
    new YearMonthIntervalType(YEAR),
    "interval year",
    "interval year",
    "INTERVAL YEAR",
    '"interval year"',
  ),
  typeCase(
    new YearMonthIntervalType(MONTH),
    "interval month",
    "interval month",
    "INTERVAL MONTH",
    '"interval month"',
  ),
  typeCase(new CalendarIntervalType(), "interval", "interval", "INTERVAL", '"interval"'),
  typeCase(new NullType(), "void", "void", "VOID", '"void"'),
  typeCase(new VariantType(), "variant", "variant", "VARIANT", '"variant"'),
  typeCase(
    new ArrayType(new StringType()),
    "array",
    "array<string>",
    "ARRAY<STRING>",
    '{"type":"array","elementType":"string","containsNull":true}',
  ),
  typeCase(
    new ArrayType(new IntegerType(), false),
    "array",
    "array<int>",
    "ARRAY<INT>",
    '{"type":"array","elementType":"integer","containsNull":false}',
    { ddl: false },
  ),
  typeCase(
    new MapType(new StringType(), new LongType()),
    "map",
    "map<string,bigint>",
    "MAP<STRING, BIGINT>",
    '{"type":"map","keyType":"string","valueType":"long","valueContainsNull":true}',
  ),
  typeCase(
    new MapType(new IntegerType(), new ArrayType(new DateType()), false),
    "map",
    "map<int,array<date>>",
    "MAP<INT, ARRAY<DATE>>",
    '{"type":"map","keyType":"integer","valueType":{"type":"array","elementType":"date",' +
      '"containsNull":true},"valueContainsNull":false}',
    { ddl: false },
  ),
  typeCase(new StructType(), "struct", "struct<>", "STRUCT<>", '{"type":"struct","fields":[]}'),
  typeCase(
    RICH_STRUCT,
    "struct",
    "struct<id:bigint,unit price:decimal(10,2),tags:array<struct<k:string,v:int>>>",
    "STRUCT<id: BIGINT NOT NULL, `unit price`: DECIMAL(10,2) COMMENT 'in EUR', " +
      "tags: ARRAY<STRUCT<k: STRING, v: INT NOT NULL>>>",
    '{"type":"struct","fields":[' +
      '{"name":"id","type":"long","nullable":false,"metadata":{}},' +
      '{"name":"unit price","type":"decimal(10,2)","nullable":true,"metadata":{"comment":"in EUR"}},' +
      '{"name":"tags","type":{"type":"array","elementType":{"type":"struct","fields":[' +
      '{"name":"k","type":"string","nullable":true,"metadata":{}},' +
      '{"name":"v","type":"integer","nullable":false,"metadata":{}}]},"containsNull":true},' +
      '"nullable":true,"metadata":{}}]}',
  ),
  typeCase(
    new UserDefinedType({
      jvmClass: "org.apache.spark.ml.linalg.VectorUDT",
      pythonClass: "pyspark.ml.linalg.VectorUDT",
      sqlType: VECTOR_SQL_TYPE,
    }),
    "vector",
    "vector",
    "STRUCT<type: TINYINT NOT NULL, values: ARRAY<DOUBLE>>",
    '{"type":"udt","class":"org.apache.spark.ml.linalg.VectorUDT",' +
      '"pyClass":"pyspark.ml.linalg.VectorUDT","sqlType":{"type":"struct","fields":[' +
      '{"name":"type","type":"byte","nullable":false,"metadata":{}},' +
      '{"name":"values","type":{"type":"array","elementType":"double","containsNull":false},' +
      '"nullable":true,"metadata":{}}]}}',
    { ddl: false },
  ),
];
