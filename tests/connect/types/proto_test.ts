import { ok, throws } from "node:assert/strict";
import { create, equals, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { DataTypeSchema } from "../../../src/connect/proto/gen/spark/connect/types_pb.ts";
import {
  ArrayType,
  CharType,
  type DataType,
  DataType as LakebookDataType,
  DataTypes,
  DayTimeIntervalType,
  DecimalType,
  fromProto,
  IntegerType,
  LongType,
  MapType,
  StringType,
  StructType,
  TimeType,
  toProto,
  UserDefinedType,
  VarcharType,
  YearMonthIntervalType,
} from "../../../src/connect/types/mod.ts";
import { TYPE_CASES } from "./fixtures.ts";

type Init = MessageInitShape<typeof DataTypeSchema>;

function assertSameType(actual: DataType, expected: DataType): void {
  ok(actual.equals(expected), `got ${actual.json()}\nwant ${expected.json()}`);
}

/** Asserts that `toProto(type)` is exactly the message built from `init`. */
function assertProto(type: DataType, init: Init): void {
  const expected = create(DataTypeSchema, init);
  const actual = toProto(type);
  ok(equals(DataTypeSchema, actual, expected), `${type}: got kind ${actual.kind.case}`);
}

const long: Init = { kind: { case: "long", value: {} } };
const string: Init = { kind: { case: "string", value: { collation: "UTF8_BINARY" } } };

Deno.test("types without parameters map to their own proto kind", () => {
  const kinds: [DataType, NonNullable<Init["kind"]>["case"]][] = [
    [DataTypes.BooleanType, "boolean"],
    [DataTypes.ByteType, "byte"],
    [DataTypes.ShortType, "short"],
    [DataTypes.IntegerType, "integer"],
    [DataTypes.LongType, "long"],
    [DataTypes.FloatType, "float"],
    [DataTypes.DoubleType, "double"],
    [DataTypes.BinaryType, "binary"],
    [DataTypes.DateType, "date"],
    [DataTypes.TimestampType, "timestamp"],
    [DataTypes.TimestampNTZType, "timestampNtz"],
    [DataTypes.CalendarIntervalType, "calendarInterval"],
    [DataTypes.NullType, "null"],
    [DataTypes.VariantType, "variant"],
  ];
  for (const [type, kind] of kinds) {
    assertProto(type, { kind: { case: kind, value: {} } } as Init);
  }
});

Deno.test("parameterised types carry their parameters in the proto message", () => {
  assertProto(new DecimalType(12, 3), {
    kind: { case: "decimal", value: { precision: 12, scale: 3 } },
  });
  assertProto(new StringType(), string);
  assertProto(new StringType("UNICODE_CI"), {
    kind: { case: "string", value: { collation: "UNICODE_CI" } },
  });
  assertProto(new CharType(4), { kind: { case: "char", value: { length: 4 } } });
  assertProto(new VarcharType(40), { kind: { case: "varChar", value: { length: 40 } } });
  assertProto(new TimeType(3), { kind: { case: "time", value: { precision: 3 } } });
  assertProto(new DayTimeIntervalType(1, 2), {
    kind: { case: "dayTimeInterval", value: { startField: 1, endField: 2 } },
  });
  assertProto(new YearMonthIntervalType(1), {
    kind: { case: "yearMonthInterval", value: { startField: 1, endField: 1 } },
  });
});

Deno.test("nested types nest their messages, with metadata as JSON text only when present", () => {
  assertProto(new ArrayType(new LongType(), false), {
    kind: { case: "array", value: { elementType: long, containsNull: false } },
  });
  assertProto(new MapType(new StringType(), new LongType()), {
    kind: { case: "map", value: { keyType: string, valueType: long, valueContainsNull: true } },
  });
  assertProto(
    new StructType().add("id", new LongType(), false).add("s", new StringType(), true, {
      comment: "x",
    }),
    {
      kind: {
        case: "struct",
        value: {
          fields: [
            { name: "id", dataType: long, nullable: false },
            { name: "s", dataType: string, nullable: true, metadata: '{"comment":"x"}' },
          ],
        },
      },
    },
  );
});

Deno.test("a user-defined type names its classes and stored type", () => {
  assertProto(
    new UserDefinedType({
      jvmClass: "org.example.PointUDT",
      pythonClass: "ex.PointUDT",
      sqlType: new LongType(),
    }),
    {
      kind: {
        case: "udt",
        value: {
          type: "udt",
          jvmClass: "org.example.PointUDT",
          pythonClass: "ex.PointUDT",
          sqlType: long,
        },
      },
    },
  );
});

for (const c of TYPE_CASES) {
  Deno.test(`${c.simpleString}: type -> proto bytes -> type gives the same type`, () => {
    const bytes = toBinary(DataTypeSchema, toProto(c.type));
    assertSameType(fromProto(fromBinary(DataTypeSchema, bytes)), c.type);
  });
}

Deno.test("unset optional proto fields take PySpark's defaults", () => {
  const from = (init: Init) => fromProto(create(DataTypeSchema, init));
  assertSameType(from({ kind: { case: "decimal", value: {} } }), new DecimalType(10, 0));
  assertSameType(from({ kind: { case: "time", value: {} } }), new TimeType(6));
  assertSameType(from({ kind: { case: "string", value: {} } }), DataTypes.StringType);
  assertSameType(
    from({ kind: { case: "dayTimeInterval", value: {} } }),
    new DayTimeIntervalType(0, 3),
  );
  assertSameType(
    from({ kind: { case: "dayTimeInterval", value: { startField: 2 } } }),
    new DayTimeIntervalType(2, 2),
  );
  assertSameType(
    from({ kind: { case: "yearMonthInterval", value: {} } }),
    new YearMonthIntervalType(0, 1),
  );
  assertSameType(
    from({
      kind: { case: "struct", value: { fields: [{ name: "a", dataType: long, nullable: true }] } },
    }),
    new StructType().add("a", new LongType()),
  );
});

Deno.test("an unparsed proto type is read with the DDL parser", () => {
  const proto = create(DataTypeSchema, {
    kind: { case: "unparsed", value: { dataTypeString: "map<string, array<int>>" } },
  });
  assertSameType(fromProto(proto), new MapType(new StringType(), new ArrayType(new IntegerType())));
});

Deno.test("proto kinds Lakebook does not model fail naming the kind", () => {
  throws(
    () => fromProto(create(DataTypeSchema, { kind: { case: "geometry", value: { srid: 4326 } } })),
    {
      name: "TypeError",
      message: "unsupported Spark Connect DataType kind 'geometry'",
    },
  );
  throws(() => fromProto(create(DataTypeSchema, { kind: { case: "geography", value: {} } })), {
    message: "unsupported Spark Connect DataType kind 'geography'",
  });
  throws(() => fromProto(create(DataTypeSchema, {})), {
    message: "Spark Connect DataType has no kind set",
  });
});

Deno.test("malformed proto types fail saying what is missing", () => {
  throws(() => fromProto(create(DataTypeSchema, { kind: { case: "array", value: {} } })), {
    message: "Spark Connect DataType: array element has no data type",
  });
  throws(
    () => fromProto(create(DataTypeSchema, { kind: { case: "map", value: { keyType: long } } })),
    {
      message: "Spark Connect DataType: map value has no data type",
    },
  );
  throws(
    () =>
      fromProto(
        create(DataTypeSchema, {
          kind: {
            case: "struct",
            value: { fields: [{ name: "a", dataType: long, metadata: "[1]" }] },
          },
        }),
      ),
    { message: "Spark Connect DataType: metadata of field 'a' is not an object" },
  );
  throws(
    () =>
      fromProto(
        create(DataTypeSchema, { kind: { case: "dayTimeInterval", value: { startField: 7 } } }),
      ),
    RangeError,
  );
});

Deno.test("toProto rejects a DataType subclass it does not know", () => {
  class MoneyType extends LakebookDataType {
    typeName(): string {
      return "money";
    }
  }
  throws(() => toProto(new MoneyType()), {
    name: "TypeError",
    message: "cannot convert MoneyType 'money' to a Spark Connect DataType",
  });
});
