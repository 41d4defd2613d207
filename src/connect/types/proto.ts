/**
 * Converts between Lakebook's data types and Spark Connect's `spark.connect.DataType` message.
 *
 * @module
 */

import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type DataType as ProtoDataType,
  type DataType_StructField as ProtoStructField,
  DataTypeSchema,
} from "../proto/gen/spark/connect/types_pb.ts";
import type { DataType, JsonValue, Metadata } from "./data_type.ts";
import { CharType, DecimalType, StringType, VarcharType } from "./atomic_types.ts";
import {
  type DayTimeIntervalField,
  DayTimeIntervalType,
  TimeType,
  type YearMonthIntervalField,
  YearMonthIntervalType,
} from "./datetime_types.ts";
import { DataTypes } from "./singletons.ts";
import { ArrayType, MapType, StructField, StructType, UserDefinedType } from "./complex_types.ts";
import { parseDataType } from "./ddl.ts";

type KindInit = NonNullable<
  Exclude<MessageInitShape<typeof DataTypeSchema>, ProtoDataType>["kind"]
>;

/** The proto kinds whose message carries nothing but the kind, and their types. */
const SIMPLE_KINDS = [
  ["boolean", DataTypes.BooleanType],
  ["byte", DataTypes.ByteType],
  ["short", DataTypes.ShortType],
  ["integer", DataTypes.IntegerType],
  ["long", DataTypes.LongType],
  ["float", DataTypes.FloatType],
  ["double", DataTypes.DoubleType],
  ["binary", DataTypes.BinaryType],
  ["date", DataTypes.DateType],
  ["timestamp", DataTypes.TimestampType],
  ["timestampNtz", DataTypes.TimestampNTZType],
  ["calendarInterval", DataTypes.CalendarIntervalType],
  ["null", DataTypes.NullType],
  ["variant", DataTypes.VariantType],
] as const;

const SIMPLE_BY_KIND: ReadonlyMap<string, DataType> = new Map(SIMPLE_KINDS);

/** Returns a required nested type, or throws naming where it is missing. */
function child(dt: ProtoDataType | undefined, where: string): DataType {
  if (dt === undefined) throw new TypeError(`Spark Connect DataType: ${where} has no data type`);
  return fromProto(dt);
}

function fieldFromProto(field: ProtoStructField): StructField {
  let metadata: Metadata = {};
  if (field.metadata !== undefined && field.metadata !== "") {
    const parsed: JsonValue = JSON.parse(field.metadata);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new TypeError(
        `Spark Connect DataType: metadata of field '${field.name}' is not an object`,
      );
    }
    metadata = parsed as Metadata;
  }
  return new StructField(
    field.name,
    child(field.dataType, `field '${field.name}'`),
    field.nullable,
    metadata,
  );
}

/**
 * Converts a Spark Connect `DataType` message (as in an `AnalyzePlan` schema) into a data type;
 * kinds Lakebook does not model (e.g. `geometry`) throw a `TypeError` naming the kind.
 *
 * @example
 * const proto = create(DataTypeSchema, { kind: { case: "long", value: {} } });
 * fromProto(proto).simpleString(); // "bigint"
 */
export function fromProto(dt: ProtoDataType): DataType {
  const { kind } = dt;
  switch (kind.case) {
    case "decimal":
      return new DecimalType(kind.value.precision ?? 10, kind.value.scale ?? 0);
    case "string":
      return new StringType(kind.value.collation);
    case "char":
      return new CharType(kind.value.length);
    case "varChar":
      return new VarcharType(kind.value.length);
    case "time":
      return new TimeType(kind.value.precision ?? 6);
    case "dayTimeInterval":
      return new DayTimeIntervalType(
        kind.value.startField as DayTimeIntervalField | undefined,
        kind.value.endField as DayTimeIntervalField | undefined,
      );
    case "yearMonthInterval":
      return new YearMonthIntervalType(
        kind.value.startField as YearMonthIntervalField | undefined,
        kind.value.endField as YearMonthIntervalField | undefined,
      );
    case "array":
      return new ArrayType(child(kind.value.elementType, "array element"), kind.value.containsNull);
    case "map":
      return new MapType(
        child(kind.value.keyType, "map key"),
        child(kind.value.valueType, "map value"),
        kind.value.valueContainsNull,
      );
    case "struct":
      return new StructType(kind.value.fields.map(fieldFromProto));
    case "udt":
      return new UserDefinedType({
        sqlType: child(kind.value.sqlType, "user-defined type"),
        jvmClass: kind.value.jvmClass,
        pythonClass: kind.value.pythonClass,
        serializedPythonClass: kind.value.serializedPythonClass,
      });
    case "unparsed":
      return parseDataType(kind.value.dataTypeString);
    case undefined:
      throw new TypeError("Spark Connect DataType has no kind set");
  }
  const simple = SIMPLE_BY_KIND.get(kind.case);
  if (simple === undefined) {
    throw new TypeError(`unsupported Spark Connect DataType kind '${kind.case}'`);
  }
  return simple;
}

function fieldToProto(field: StructField) {
  return {
    name: field.name,
    dataType: toProto(field.dataType),
    nullable: field.nullable,
    ...(Object.keys(field.metadata).length === 0
      ? {}
      : { metadata: JSON.stringify(field.metadata) }),
  };
}

/** Builds the `kind` oneof for `dt`. */
function kindOf(dt: DataType): KindInit {
  if (dt instanceof DecimalType) {
    return { case: "decimal", value: { precision: dt.precision, scale: dt.scale } };
  }
  if (dt instanceof StringType) return { case: "string", value: { collation: dt.collation } };
  if (dt instanceof CharType) return { case: "char", value: { length: dt.length } };
  if (dt instanceof VarcharType) return { case: "varChar", value: { length: dt.length } };
  if (dt instanceof TimeType) return { case: "time", value: { precision: dt.precision } };
  if (dt instanceof DayTimeIntervalType || dt instanceof YearMonthIntervalType) {
    const value = { startField: dt.startField, endField: dt.endField };
    return dt instanceof DayTimeIntervalType
      ? { case: "dayTimeInterval", value }
      : { case: "yearMonthInterval", value };
  }
  if (dt instanceof ArrayType) {
    return {
      case: "array",
      value: { elementType: toProto(dt.elementType), containsNull: dt.containsNull },
    };
  }
  if (dt instanceof MapType) {
    return {
      case: "map",
      value: {
        keyType: toProto(dt.keyType),
        valueType: toProto(dt.valueType),
        valueContainsNull: dt.valueContainsNull,
      },
    };
  }
  if (dt instanceof StructType) {
    return { case: "struct", value: { fields: dt.fields.map(fieldToProto) } };
  }
  if (dt instanceof UserDefinedType) {
    return {
      case: "udt",
      value: {
        type: "udt",
        jvmClass: dt.jvmClass,
        pythonClass: dt.pythonClass,
        serializedPythonClass: dt.serializedPythonClass,
        sqlType: toProto(dt.sqlType),
      },
    };
  }
  const simple = SIMPLE_KINDS.find(([, type]) => type.equals(dt));
  if (simple === undefined) {
    throw new TypeError(
      `cannot convert ${dt.constructor.name} '${dt}' to a Spark Connect DataType`,
    );
  }
  return { case: simple[0], value: {} };
}

/**
 * Converts a data type into a Spark Connect `DataType` message, e.g. for a cast or a schema.
 *
 * @example
 * toProto(new DecimalType(10, 2)).kind; // { case: "decimal", value: { precision: 10, scale: 2, ... } }
 */
export function toProto(dt: DataType): ProtoDataType {
  return create(DataTypeSchema, { kind: kindOf(dt) });
}
