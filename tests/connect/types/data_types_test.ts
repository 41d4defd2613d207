import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  ArrayType,
  CharType,
  DataTypes,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  MapType,
  StringType,
  StructField,
  StructType,
  TimeType,
  UserDefinedType,
  VarcharType,
  YearMonthIntervalType,
} from "../../../src/connect/types/mod.ts";
import { TYPE_CASES } from "./fixtures.ts";

for (const c of TYPE_CASES) {
  Deno.test(`${c.simpleString}: typeName, simpleString and sql are Spark's`, () => {
    strictEqual(c.type.typeName(), c.typeName);
    strictEqual(c.type.simpleString(), c.simpleString);
    strictEqual(c.type.sql(), c.sql);
    strictEqual(`${c.type}`, c.simpleString);
  });
}

Deno.test("toDDL writes the brief's example with NOT NULL and nested types", () => {
  const schema = new StructType()
    .add("a", new IntegerType(), false)
    .add("b", new ArrayType(new StringType()));
  strictEqual(schema.toDDL(), "a INT NOT NULL, b ARRAY<STRING>");
  strictEqual(schema.simpleString(), "struct<a:int,b:array<string>>");
});

Deno.test("toDDL backtick-quotes exactly the names that need it, doubling backticks", () => {
  const names = ["plain", "_x1", "1a", "123", "a b", "a`b", "café", "a-b", ""];
  const schema = new StructType(names.map((name) => new StructField(name, DataTypes.IntegerType)));
  strictEqual(
    schema.toDDL(),
    "plain INT, _x1 INT, 1a INT, `123` INT, `a b` INT, `a``b` INT, `café` INT, `a-b` INT, `` INT",
  );
});

Deno.test("toDDL writes NOT NULL before COMMENT and escapes quotes and backslashes", () => {
  const field = new StructField("note", new VarcharType(10), false, {
    comment: String.raw`it's a \ "test"`,
  });
  strictEqual(field.toDDL(), String.raw`note VARCHAR(10) NOT NULL COMMENT 'it\'s a \\ "test"'`);
  strictEqual(field.sql(), String.raw`note: VARCHAR(10) NOT NULL COMMENT 'it\'s a \\ "test"'`);
});

Deno.test("a non-string comment in metadata is left out of DDL", () => {
  const field = new StructField("n", new IntegerType(), true, { comment: 42 });
  strictEqual(field.toDDL(), "n INT");
});

Deno.test("StructType.add returns a new struct and leaves the original unchanged", () => {
  const empty = new StructType();
  const one = empty.add("a", new IntegerType());
  const two = one.add(new StructField("b", new StringType(), false, { comment: "x" }));
  const three = two.add("c", new LongType(), false, { source: "api" });
  deepStrictEqual(empty.fieldNames(), []);
  deepStrictEqual(one.fieldNames(), ["a"]);
  deepStrictEqual(three.fieldNames(), ["a", "b", "c"]);
  strictEqual(three.get("b")?.nullable, false);
  deepStrictEqual(three.get("b")?.metadata, { comment: "x" });
  deepStrictEqual(three.get("c")?.metadata, { source: "api" });
  strictEqual(three.get("a")?.nullable, true);
});

Deno.test("StructType.add without a data type is a TypeError", () => {
  throws(
    // @ts-expect-error: the name-only call is what the check guards against
    () => new StructType().add("a"),
    { name: "TypeError", message: 'StructType.add("a") needs a data type' },
  );
});

Deno.test("StructType.get finds fields by exact name or index and returns undefined otherwise", () => {
  const schema = new StructType().add("Id", new LongType()).add("name", new StringType());
  strictEqual(schema.get("Id")?.dataType.simpleString(), "bigint");
  strictEqual(schema.get(1)?.name, "name");
  strictEqual(schema.get("id"), undefined);
  strictEqual(schema.get(2), undefined);
});

Deno.test("a StructType iterates over its fields in order", () => {
  const schema = new StructType().add("a", new IntegerType()).add("b", new StringType());
  const seen: string[] = [];
  for (const field of schema) seen.push(field.simpleString());
  deepStrictEqual(seen, ["a:int", "b:string"]);
  deepStrictEqual([...schema].map((f) => f.name), ["a", "b"]);
});

Deno.test("types, fields and their metadata cannot be changed after construction", () => {
  const metadata = { comment: "c", nested: { list: [1, 2] } };
  const field = new StructField("a", new DecimalType(5, 2), true, metadata);
  metadata.nested.list.push(3);
  deepStrictEqual(field.metadata, { comment: "c", nested: { list: [1, 2] } });
  const schema = new StructType([field]);
  throws(() => (schema.fields as StructField[]).push(field), TypeError);
  throws(() => {
    (field.dataType as unknown as { precision: number }).precision = 38;
  }, TypeError);
  throws(() => {
    (field as { nullable: boolean }).nullable = false;
  }, TypeError);
  throws(() => {
    (field.metadata as Record<string, unknown>).comment = "changed";
  }, TypeError);
  ok(Object.isFrozen(DataTypes));
});

Deno.test("PySpark's defaults: decimal(10,0), time(6), day to second, year to month", () => {
  deepStrictEqual([new DecimalType().precision, new DecimalType().scale], [10, 0]);
  strictEqual(new DecimalType(7).scale, 0);
  strictEqual(new TimeType().precision, 6);
  strictEqual(new DayTimeIntervalType().typeName(), "interval day to second");
  strictEqual(new DayTimeIntervalType(DayTimeIntervalType.MINUTE).typeName(), "interval minute");
  strictEqual(new YearMonthIntervalType().typeName(), "interval year to month");
  strictEqual(new StringType("").collation, "UTF8_BINARY");
  strictEqual(new ArrayType(new IntegerType()).containsNull, true);
  strictEqual(new MapType(new IntegerType(), new IntegerType()).valueContainsNull, true);
  strictEqual(new StructField("a", new IntegerType()).nullable, true);
});

Deno.test("constructors reject parameters Spark rejects", () => {
  throws(() => new DecimalType(39, 0), /decimal precision must be an integer from 1 to 38, got 39/);
  throws(() => new DecimalType(0), RangeError);
  throws(() => new DecimalType(5, 6), /decimal scale must be .* \(5\), got 6/);
  throws(() => new DecimalType(10, -1), RangeError);
  throws(() => new DecimalType(10.5), RangeError);
  throws(() => new CharType(-1), /char length must be a non-negative integer, got -1/);
  throws(() => new VarcharType(1.5), /varchar length/);
  throws(() => new TimeType(7), /time precision must be an integer from 0 to 6, got 7/);
  throws(
    () => new DayTimeIntervalType(DayTimeIntervalType.SECOND, DayTimeIntervalType.DAY),
    /day-time interval fields must satisfy 0 <= start <= end <= 3, got 3, 0/,
  );
  throws(() => new YearMonthIntervalType(2 as 0), RangeError);
  throws(
    () => new UserDefinedType({ sqlType: new IntegerType() }),
    /a user-defined type needs a jvmClass or a pythonClass/,
  );
});

Deno.test("equal types are equal whether shared or freshly built", () => {
  ok(DataTypes.IntegerType.equals(new IntegerType()));
  ok(new DecimalType(10, 2).equals(new DecimalType(10, 2)));
  ok(new StringType("unicode_ci").equals(new StringType("UNICODE_CI")));
  ok(new StringType("UTF8_BINARY").equals(DataTypes.StringType));
  const build = () =>
    new StructType()
      .add("a", new ArrayType(new MapType(new StringType(), new LongType(), false)), false)
      .add("b", new DayTimeIntervalType(1, 3), true, { comment: "x", tags: ["p", "q"] });
  ok(build().equals(build()));
});

Deno.test("types differing in any parameter, nullability or metadata are not equal", () => {
  const pairs: [unknown, unknown][] = [
    [new IntegerType(), new LongType()],
    [new DecimalType(10, 2), new DecimalType(10, 3)],
    [new DecimalType(10, 2), new DecimalType(11, 2)],
    [new CharType(3), new VarcharType(3)],
    [new CharType(3), new CharType(4)],
    [new StringType("UNICODE"), new StringType()],
    [new TimeType(3), new TimeType(6)],
    [new DayTimeIntervalType(0, 3), new DayTimeIntervalType(0, 2)],
    [new YearMonthIntervalType(0, 1), new YearMonthIntervalType(1, 1)],
    [new ArrayType(new IntegerType()), new ArrayType(new IntegerType(), false)],
    [new ArrayType(new IntegerType()), new ArrayType(new LongType())],
    [
      new MapType(new StringType(), new IntegerType()),
      new MapType(new StringType(), new IntegerType(), false),
    ],
    [
      new MapType(new StringType(), new IntegerType()),
      new MapType(new IntegerType(), new IntegerType()),
    ],
    [
      new StructType().add("a", new IntegerType()),
      new StructType().add("a", new IntegerType(), false),
    ],
    [new StructType().add("a", new IntegerType()), new StructType().add("A", new IntegerType())],
    [
      new StructType().add("a", new IntegerType()).add("b", new IntegerType()),
      new StructType().add("b", new IntegerType()).add("a", new IntegerType()),
    ],
    [
      new StructType().add("a", new IntegerType(), true, { comment: "x" }),
      new StructType().add("a", new IntegerType(), true, { comment: "y" }),
    ],
    [new StructType().add("a", new IntegerType()), new StructType()],
    [new StructType(), new StructField("a", new IntegerType())],
    [
      new UserDefinedType({ jvmClass: "a.AUDT", sqlType: new IntegerType() }),
      new UserDefinedType({ jvmClass: "b.BUDT", sqlType: new IntegerType() }),
    ],
    [new IntegerType(), "int"],
  ];
  for (const [a, b] of pairs) {
    ok(!(a as { equals(o: unknown): boolean }).equals(b), `${a} should not equal ${b}`);
  }
});

Deno.test("a user-defined type is named after its class and prints its stored type as SQL", () => {
  const python = new UserDefinedType({
    pythonClass: "examples.PointType",
    serializedPythonClass: "gASV...",
    sqlType: new ArrayType(new DoubleType(), false),
  });
  strictEqual(python.typeName(), "point");
  strictEqual(python.sql(), "ARRAY<DOUBLE>");
  strictEqual(
    python.json(),
    '{"type":"udt","pyClass":"examples.PointType","serializedClass":"gASV...",' +
      '"sqlType":{"type":"array","elementType":"double","containsNull":false}}',
  );
});
