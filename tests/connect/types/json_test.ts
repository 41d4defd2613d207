import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  ArrayType,
  type DataType,
  DataTypes,
  DecimalType,
  fromJSON,
  IntegerType,
  MapType,
  StringType,
  StructField,
  StructType,
  UserDefinedType,
} from "../../../src/connect/types/mod.ts";
import { TYPE_CASES } from "./fixtures.ts";

function assertSameType(actual: DataType, expected: DataType): void {
  ok(actual.equals(expected), `got ${actual.json()}\nwant ${expected.json()}`);
}

for (const c of TYPE_CASES) {
  Deno.test(`${c.simpleString}: json() is Spark's JSON, and fromJSON reads it back`, () => {
    strictEqual(c.type.json(), c.json);
    deepStrictEqual(c.type.jsonValue(), JSON.parse(c.json));
    const back = fromJSON(c.json);
    if (c.jsonKeepsAll) assertSameType(back, c.type);
    else strictEqual(back.json(), c.json);
  });
}

Deno.test("the brief's one-field struct serialises exactly as Spark writes it", () => {
  strictEqual(
    new StructType().add("a", new IntegerType()).json(),
    '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}}]}',
  );
});

Deno.test("JSON.stringify writes Spark's JSON form for types nested in other data", () => {
  const schema = new StructType().add("a", new ArrayType(new DecimalType(5, 1)));
  strictEqual(
    JSON.stringify({ table: "t", schema }),
    '{"table":"t","schema":{"type":"struct","fields":[{"name":"a","type":{"type":"array",' +
      '"elementType":"decimal(5,1)","containsNull":true},"nullable":true,"metadata":{}}]}}',
  );
});

Deno.test("fromJSON takes JSON text, a parsed value or a bare type name", () => {
  assertSameType(fromJSON('"decimal(10,2)"'), new DecimalType(10, 2));
  assertSameType(fromJSON("decimal(10,2)"), new DecimalType(10, 2));
  assertSameType(
    fromJSON({ type: "array", elementType: "long", containsNull: false }),
    new ArrayType(DataTypes.LongType, false),
  );
  assertSameType(fromJSON(' \n{"type":"struct","fields":[]}'), new StructType());
});

Deno.test("fromJSON reads PySpark's key-sorted, pretty-printed JSON", () => {
  const pretty = `{
    "fields": [
      { "metadata": {}, "name": "m", "nullable": false,
        "type": { "keyType": "string", "type": "map", "valueContainsNull": true,
                  "valueType": "integer" } }
    ],
    "type": "struct"
  }`;
  assertSameType(
    fromJSON(pretty),
    new StructType().add("m", new MapType(new StringType(), new IntegerType()), false),
  );
});

Deno.test("fromJSON reads the legacy names Spark still accepts", () => {
  assertSameType(fromJSON("null"), DataTypes.NullType);
  assertSameType(fromJSON("timestamp_ltz"), DataTypes.TimestampType);
  assertSameType(fromJSON("decimal"), new DecimalType(10, 0));
  assertSameType(fromJSON("decimal( 5 , 2 )"), new DecimalType(5, 2));
});

Deno.test("a struct field without nullable or metadata defaults to nullable and empty", () => {
  const schema = fromJSON('{"type":"struct","fields":[{"name":"a","type":"integer"}]}');
  assertSameType(schema, new StructType([new StructField("a", new IntegerType(), true, {})]));
});

Deno.test("field metadata of any JSON shape survives a round trip", () => {
  const metadata = { comment: "c", n: 1.5, big: 7, flag: false, none: null, deep: { l: ["x", 2] } };
  const schema = new StructType().add("a", new IntegerType(), true, metadata);
  const back = fromJSON(schema.json()) as StructType;
  deepStrictEqual(back.get("a")?.metadata, metadata);
});

Deno.test("collations go to the field's __COLLATIONS metadata with Spark's paths and providers", () => {
  const schema = new StructType()
    .add("plain", new StringType())
    .add("name", new StringType("UNICODE_CI"), true, { comment: "c" })
    .add("tags", new ArrayType(new StringType("UTF8_LCASE")))
    .add("attrs", new MapType(new StringType("UNICODE"), new ArrayType(new StringType("de_CI"))));
  strictEqual(
    schema.json(),
    '{"type":"struct","fields":[' +
      '{"name":"plain","type":"string","nullable":true,"metadata":{}},' +
      '{"name":"name","type":"string","nullable":true,' +
      '"metadata":{"comment":"c","__COLLATIONS":{"name":"icu.UNICODE_CI"}}},' +
      '{"name":"tags","type":{"type":"array","elementType":"string","containsNull":true},' +
      '"nullable":true,"metadata":{"__COLLATIONS":{"tags.element":"spark.UTF8_LCASE"}}},' +
      '{"name":"attrs","type":{"type":"map","keyType":"string","valueType":{"type":"array",' +
      '"elementType":"string","containsNull":true},"valueContainsNull":true},"nullable":true,' +
      '"metadata":{"__COLLATIONS":{"attrs.key":"icu.UNICODE","attrs.value.element":"icu.de_CI"}}}]}',
  );
  const back = fromJSON(schema.json()) as StructType;
  assertSameType(back, schema);
  deepStrictEqual(back.get("name")?.metadata, { comment: "c" });
});

Deno.test("user-defined types read back from Scala's and Python's JSON forms", () => {
  const scala = fromJSON(
    '{"type":"udt","class":"org.example.PointUDT","pyClass":null,"sqlType":"string"}',
  );
  assertSameType(
    scala,
    new UserDefinedType({ jvmClass: "org.example.PointUDT", sqlType: new StringType() }),
  );
  const python = fromJSON(
    '{"type":"udt","pyClass":"ex.PointUDT","serializedClass":"abc","sqlType":"integer"}',
  ) as UserDefinedType;
  strictEqual(python.pythonClass, "ex.PointUDT");
  strictEqual(python.serializedPythonClass, "abc");
  strictEqual(python.jvmClass, undefined);
});

const INVALID: [unknown, string][] = [
  ["strng", "invalid Spark type JSON at $: unknown type name 'strng'"],
  ["int", "invalid Spark type JSON at $: unknown type name 'int'"],
  [
    "decimal(40,2)",
    "invalid Spark type JSON at $: decimal precision must be an integer from 1 to 38, got 40",
  ],
  [42, "invalid Spark type JSON at $: expected a type name or object, got 42"],
  [{ type: "tuple" }, "invalid Spark type JSON at $.type: unknown type 'tuple'"],
  [{ elementType: "long" }, "invalid Spark type JSON at $.type: expected a string, got nothing"],
  [
    { type: "array", elementType: "long" },
    "invalid Spark type JSON at $.containsNull: expected a boolean, got nothing",
  ],
  [
    {
      type: "struct",
      fields: [{ name: "a", type: { type: "array", elementType: "lng", containsNull: true } }],
    },
    "invalid Spark type JSON at $.fields[0].type.elementType: unknown type name 'lng'",
  ],
  [
    {
      type: "struct",
      fields: [{ name: "a", type: "integer", metadata: { __COLLATIONS: { a: "icu.UNICODE" } } }],
    },
    "invalid Spark type JSON at $.fields[0].type: a collation is recorded for 'a', which is not a string",
  ],
  [
    { type: "struct", fields: [{ type: "integer" }] },
    "invalid Spark type JSON at $.fields[0].name: expected a string, got nothing",
  ],
  [
    { type: "udt", sqlType: "integer" },
    "invalid Spark type JSON at $: a user-defined type needs a class or a pyClass",
  ],
];

for (const [json, message] of INVALID) {
  Deno.test(`fromJSON(${JSON.stringify(json)}) names the path and the problem`, () => {
    throws(() => fromJSON(json), { name: "TypeError", message });
  });
}

Deno.test("fromJSON rejects malformed JSON text with a SyntaxError", () => {
  throws(() => fromJSON('{"type": "struct",'), SyntaxError);
});
