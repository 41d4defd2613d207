import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  ArrayType,
  CharType,
  type DataType,
  DataTypes,
  DayTimeIntervalType,
  DecimalType,
  fromJSON,
  fromProto,
  IntegerType,
  LongType,
  MapType,
  parseDataType,
  parseDDL,
  StringType,
  StructField,
  StructType,
  TimeType,
  toProto,
  VarcharType,
  YearMonthIntervalType,
} from "../../../src/connect/types/mod.ts";
import { RICH_STRUCT, TYPE_CASES } from "./fixtures.ts";

/** Asserts that `a` equals `b` as data types, showing both on failure. */
function assertSameType(actual: DataType, expected: DataType): void {
  ok(actual.equals(expected), `got ${actual.json()}\nwant ${expected.json()}`);
}

Deno.test("the brief's DDL schema parses into the struct it describes", () => {
  const schema = parseDDL(
    "a INT, b STRING NOT NULL, c DECIMAL(10,2), d ARRAY<STRUCT<x: INT, y: STRING>>, " +
      "e MAP<STRING, BIGINT>, f TIMESTAMP_NTZ, g INTERVAL DAY TO SECOND",
  );
  const expected = new StructType([
    new StructField("a", DataTypes.IntegerType),
    new StructField("b", DataTypes.StringType, false),
    new StructField("c", new DecimalType(10, 2)),
    new StructField(
      "d",
      new ArrayType(new StructType().add("x", new IntegerType()).add("y", new StringType())),
    ),
    new StructField("e", new MapType(new StringType(), new LongType())),
    new StructField("f", DataTypes.TimestampNTZType),
    new StructField("g", new DayTimeIntervalType()),
  ]);
  assertSameType(schema, expected);
});

Deno.test("every alias Spark accepts names the same type", () => {
  const aliases: [string, DataType][] = [
    ["boolean", DataTypes.BooleanType],
    ["tinyint", DataTypes.ByteType],
    ["byte", DataTypes.ByteType],
    ["smallint", DataTypes.ShortType],
    ["short", DataTypes.ShortType],
    ["int", DataTypes.IntegerType],
    ["integer", DataTypes.IntegerType],
    ["bigint", DataTypes.LongType],
    ["long", DataTypes.LongType],
    ["float", DataTypes.FloatType],
    ["real", DataTypes.FloatType],
    ["double", DataTypes.DoubleType],
    ["decimal", new DecimalType(10, 0)],
    ["decimal(7)", new DecimalType(7, 0)],
    ["dec(12, 4)", new DecimalType(12, 4)],
    ["numeric(38,0)", new DecimalType(38, 0)],
    ["string", DataTypes.StringType],
    ["string collate UTF8_LCASE", new StringType("UTF8_LCASE")],
    ["string collate `UNICODE`", new StringType("UNICODE")],
    ["char(3)", new CharType(3)],
    ["character(3)", new CharType(3)],
    ["varchar(255)", new VarcharType(255)],
    ["binary", DataTypes.BinaryType],
    ["date", DataTypes.DateType],
    ["timestamp", DataTypes.TimestampType],
    ["timestamp_ltz", DataTypes.TimestampType],
    ["timestamp_ntz", DataTypes.TimestampNTZType],
    ["time", new TimeType(6)],
    ["time(3)", new TimeType(3)],
    ["void", DataTypes.NullType],
    ["variant", DataTypes.VariantType],
    ["interval", DataTypes.CalendarIntervalType],
  ];
  for (const [text, expected] of aliases) {
    assertSameType(parseDataType(text), expected);
  }
});

Deno.test("every interval form parses to its fields", () => {
  const { DAY, HOUR, MINUTE, SECOND } = DayTimeIntervalType;
  const forms: [string, DataType][] = [
    ["INTERVAL YEAR", new YearMonthIntervalType(0, 0)],
    ["INTERVAL YEAR TO MONTH", new YearMonthIntervalType(0, 1)],
    ["INTERVAL MONTH", new YearMonthIntervalType(1, 1)],
    ["INTERVAL DAY", new DayTimeIntervalType(DAY, DAY)],
    ["INTERVAL DAY TO HOUR", new DayTimeIntervalType(DAY, HOUR)],
    ["INTERVAL DAY TO MINUTE", new DayTimeIntervalType(DAY, MINUTE)],
    ["INTERVAL DAY TO SECOND", new DayTimeIntervalType(DAY, SECOND)],
    ["INTERVAL HOUR", new DayTimeIntervalType(HOUR, HOUR)],
    ["INTERVAL HOUR TO MINUTE", new DayTimeIntervalType(HOUR, MINUTE)],
    ["INTERVAL HOUR TO SECOND", new DayTimeIntervalType(HOUR, SECOND)],
    ["INTERVAL MINUTE", new DayTimeIntervalType(MINUTE, MINUTE)],
    ["INTERVAL MINUTE TO SECOND", new DayTimeIntervalType(MINUTE, SECOND)],
    ["INTERVAL SECOND", new DayTimeIntervalType(SECOND, SECOND)],
  ];
  for (const [text, expected] of forms) assertSameType(parseDataType(text), expected);
  // A bare INTERVAL column followed by options is the calendar interval.
  assertSameType(
    parseDDL("i INTERVAL NOT NULL, j INT"),
    new StructType().add("i", DataTypes.CalendarIntervalType, false).add("j", new IntegerType()),
  );
});

Deno.test("keywords are case-insensitive and names keep their case", () => {
  assertSameType(
    parseDDL("Id BiGiNt nOt NuLl CoMmEnT 'k', Tags Array<Map<String, Int>>"),
    new StructType()
      .add("Id", new LongType(), false, { comment: "k" })
      .add("Tags", new ArrayType(new MapType(new StringType(), new IntegerType()))),
  );
});

Deno.test("struct type strings accept colons or spaces, spacing and the empty struct", () => {
  const expected = new StructType().add("a", new IntegerType()).add("b", new StringType());
  for (
    const text of [
      "struct<a:int,b:string>",
      "STRUCT<a INT, b STRING>",
      " struct < a : int , b string > ",
    ]
  ) {
    assertSameType(parseDataType(text), expected);
  }
  assertSameType(parseDataType("struct<>"), new StructType());
  assertSameType(parseDataType("STRUCT< >"), new StructType());
});

Deno.test("backtick-quoted names may hold any character, with `` for a backtick", () => {
  const schema = parseDDL(
    "`a``b` INT, `x y` STRING, `select` INT, s STRUCT<`in ner`: INT>, `` INT",
  );
  deepStrictEqual(schema.fieldNames(), ["a`b", "x y", "select", "s", ""]);
  deepStrictEqual((schema.get("s")?.dataType as StructType).fieldNames(), ["in ner"]);
});

Deno.test("COMMENT text goes to metadata.comment with escapes resolved", () => {
  const schema = parseDDL(
    String.raw`a INT COMMENT 'it\'s', b INT COMMENT "say \"hi\"", c INT COMMENT 'caf\u00e9\n\\', ` +
      String.raw`d INT COMMENT 'tab\there 100\%'`,
  );
  deepStrictEqual(schema.fields.map((f) => f.metadata.comment), [
    "it's",
    'say "hi"',
    "café\n\\",
    "tab\there 100\\%",
  ]);
});

Deno.test("NOT NULL and COMMENT may come in either order, also on nested struct fields", () => {
  const expected = new StructType().add("a", new IntegerType(), false, { comment: "x" });
  assertSameType(parseDDL("a INT NOT NULL COMMENT 'x'"), expected);
  assertSameType(parseDDL("a INT COMMENT 'x' NOT NULL"), expected);
  assertSameType(parseDataType("STRUCT<a: INT COMMENT 'x' NOT NULL>"), expected);
});

Deno.test("parseDataType reads a DDL schema as a struct, as Spark's fromDDL does", () => {
  assertSameType(
    parseDataType("a INT, b: STRING"),
    new StructType().add("a", new IntegerType()).add("b", new StringType()),
  );
  assertSameType(parseDataType("a INT"), new StructType().add("a", new IntegerType()));
});

Deno.test("parseDDL reads a lone type word as a column name and asks for its type", () => {
  throws(() => parseDDL("int"), {
    name: "DataTypeParseError",
    message: "unexpected end of input at column 4: expected a data type",
  });
});

for (const c of TYPE_CASES.filter((c) => c.ddl)) {
  Deno.test(`${c.simpleString}: its SQL form parses back to the same type`, () => {
    assertSameType(parseDataType(c.sql), c.type);
  });
}

for (const c of TYPE_CASES.filter((c) => c.ddl && !c.simpleString.includes(" price"))) {
  Deno.test(`${c.simpleString}: its simpleString parses back to the same type`, () => {
    assertSameType(parseDataType(c.simpleString), c.type);
  });
}

/** A schema with every DDL-expressible type, quoted names and comments needing escapes. */
const EVERY_TYPE_DDL = [
  ...TYPE_CASES.filter((c) => c.ddl).map((c, i) => `c${i} ${c.sql}`),
  "`we``ird, name` STRING NOT NULL COMMENT 'it\\'s \"quoted\" \\\\ back'",
  "`42` ARRAY<STRUCT<`a b`: INT NOT NULL COMMENT 'inner', c: MAP<STRING COLLATE UTF8_LCASE, DATE>>>",
].join(", ");

Deno.test("DDL -> type -> DDL returns the same text for every type", () => {
  strictEqual(parseDDL(EVERY_TYPE_DDL).toDDL(), EVERY_TYPE_DDL);
});

Deno.test("DDL -> type -> JSON -> type keeps every type, name, comment and collation", () => {
  const schema = parseDDL(EVERY_TYPE_DDL);
  assertSameType(fromJSON(schema.json()), schema);
});

Deno.test("DDL -> type -> proto -> type keeps every type, name, comment and collation", () => {
  const schema = parseDDL(EVERY_TYPE_DDL);
  assertSameType(fromProto(toProto(schema)), schema);
});

Deno.test("type -> DDL -> type keeps a rich struct", () => {
  assertSameType(parseDDL(RICH_STRUCT.toDDL()), RICH_STRUCT);
});
