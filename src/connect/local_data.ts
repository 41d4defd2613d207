/**
 * Local data as a relation, for `spark.createDataFrame`: JS rows (or an Arrow `Table`) become
 * one Arrow IPC stream sent inline as a `LocalRelation` (see `local_arrow.ts` for the JS forms
 * of each type). From the server's `spark.sql.session.localRelationCacheThreshold` up (1 MiB
 * in Spark 4.2), the relation is uploaded once as the artifact `cache/<sha256>` and the plan
 * carries only a `CachedLocalRelation` naming it, so plans stay small.
 *
 * Without a schema, one is inferred as PySpark does, with JS's types:
 *
 * - `boolean` BOOLEAN; `bigint` BIGINT; `number` BIGINT when integral, else DOUBLE (a column
 *   holding both is DOUBLE); `string` STRING; `Date` TIMESTAMP; `Uint8Array`/`ArrayBuffer`
 *   BINARY; `Array` ARRAY of its merged elements; `Map` MAP; a plain object STRUCT.
 * - Object rows give the columns in the order their keys first appear (PySpark sorts dict
 *   keys; JS objects keep their order, and `collect()` gives them back in it); array rows give
 *   `_1`, `_2`, ... Every inferred field is nullable.
 * - Types merge across rows: NULL takes the other side, structs merge field by field, a
 *   scalar met with a STRING becomes STRING; anything else (a number and an array) fails.
 * - A column whose values are all null (or all empty arrays) has no type: give a schema.
 * - DATE, DECIMAL, INT and the other narrower types are never inferred: give a schema.
 *
 * @module
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { type Dictionary, Table, tableToIPC, Type, vectorFromArray } from "apache-arrow";
import { cacheArtifact } from "./artifacts.ts";
import type { SparkConnectClient } from "./client.ts";
import { isPlainObject, type LocalRow, show, toArrowTable } from "./local_arrow.ts";
import {
  LocalRelationSchema,
  type Relation,
  RelationSchema,
} from "./proto/gen/spark/connect/relations_pb.ts";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  DoubleType,
  LongType,
  MapType,
  NullType,
  parseDataType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "./types/mod.ts";

export type { LocalRow } from "./local_arrow.ts";

/**
 * A schema for local data: a `StructType`, a DDL string (`"id BIGINT, name STRING"`), a type
 * string for rows of single values (`"int"`, column `value`), or only the column names.
 *
 * @example
 * const names: LocalSchema = ["id", "label"]; // types inferred from the rows
 */
export type LocalSchema = StructType | string | readonly string[];

/**
 * What building a local relation needs of its session.
 *
 * @example
 * const ctx: LocalDataContext = { client: spark.client, getConf: (k, v) => spark.conf.get(k, v) };
 */
export interface LocalDataContext {
  /** The session's client: the threshold and the uploaded artifacts are kept per client. */
  client: SparkConnectClient;
  /** Reads a config value with a fallback (`spark.conf.get`). */
  getConf(key: string, fallback: string): Promise<string | undefined>;
}

const THRESHOLD_KEY = "spark.sql.session.localRelationCacheThreshold";
/** Spark 4.2's default, for servers that do not know the key. */
const DEFAULT_THRESHOLD = 1 << 20;
const thresholds = new WeakMap<SparkConnectClient, Promise<number>>();

/**
 * The relation for local data: rows with a schema (given or inferred), or an Arrow table as is
 * (given a schema, the server renames and casts its columns to it). At or above the session's
 * cache threshold (read once per session) the data goes up as a cached artifact.
 *
 * @example
 * const rel = await localRelation(ctx, [{ id: 1n, name: "a" }], "id BIGINT, name STRING");
 */
export async function localRelation(
  ctx: LocalDataContext,
  data: Table | readonly unknown[],
  schema?: LocalSchema,
  opts: { signal?: AbortSignal } = {},
): Promise<Relation> {
  let ipc: Uint8Array | undefined;
  let struct: StructType | undefined;
  if (data instanceof Table) {
    ipc = tableToIPC(withoutDictionaries(data), "stream");
    if (schema !== undefined) struct = resolveSchema(schema, []).schema;
  } else {
    const resolved = resolveSchema(schema, data);
    struct = resolved.schema;
    if (data.length > 0) ipc = tableToIPC(toArrowTable(resolved.rows, struct), "stream");
  }
  const local = create(LocalRelationSchema, { data: ipc, schema: struct?.json() });
  if (ipc === undefined || ipc.length < await cacheThreshold(ctx)) {
    return create(RelationSchema, { relType: { case: "localRelation", value: local } });
  }
  // The server reads the artifact back as a serialized LocalRelation message.
  const hash = await cacheArtifact(ctx.client, toBinary(LocalRelationSchema, local), opts);
  return create(RelationSchema, { relType: { case: "cachedLocalRelation", value: { hash } } });
}

/**
 * Infers a struct schema from JS rows (the rules are in the module docs).
 *
 * @example
 * inferSchema([{ id: 1, tags: ["a"] }]).toDDL(); // "id BIGINT, tags ARRAY<STRING>"
 */
export function inferSchema(rows: readonly LocalRow[]): StructType {
  if (rows.length === 0) throw new TypeError("cannot infer a schema from no rows: give a schema");
  let merged: DataType = new NullType();
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object") {
      throw new TypeError(`row ${i} is neither an object nor an array: ${show(row)}`);
    }
    const fields = Array.isArray(row)
      ? row.map((v, j) => new StructField(`_${j + 1}`, inferType(v, `_${j + 1}`)))
      : Object.entries(row).map(([k, v]) => new StructField(k, inferType(v, k)));
    merged = mergeTypes(merged, new StructType(fields), "");
  });
  const schema = merged as StructType;
  for (const field of schema.fields) checkResolved(field.dataType, field.name);
  return schema;
}

/** The struct schema and the rows to encode with it (single values wrapped as `[value]`). */
function resolveSchema(
  schema: LocalSchema | undefined,
  data: readonly unknown[],
): { schema: StructType; rows: readonly LocalRow[] } {
  if (schema === undefined) {
    return { schema: inferSchema(data as LocalRow[]), rows: data as LocalRow[] };
  }
  if (schema instanceof StructType) return { schema, rows: data as LocalRow[] };
  if (typeof schema !== "string") {
    const inferred = inferSchema(data as LocalRow[]);
    if (inferred.fields.length !== schema.length) {
      throw new TypeError(`${schema.length} column names for ${inferred.fields.length} columns`);
    }
    const renamed = inferred.fields.map((f, i) => new StructField(schema[i], f.dataType));
    // Object rows are read by position from here on, under their new names.
    const rows = (data as LocalRow[]).map((r) => (Array.isArray(r) ? r : Object.values(r)));
    return { schema: new StructType(renamed), rows };
  }
  const parsed = parseDataType(schema);
  if (parsed instanceof StructType) return { schema: parsed, rows: data as LocalRow[] };
  return {
    schema: new StructType([new StructField("value", parsed)]),
    rows: data.map((v) => [v]),
  };
}

/**
 * The table with dictionary-encoded columns decoded: Spark reads a dictionary column as its
 * indices, and apache-arrow's `tableFromArrays` encodes strings that way.
 */
function withoutDictionaries(table: Table): Table {
  const fields = table.schema.fields;
  if (!fields.some((f) => f.typeId === Type.Dictionary)) return table;
  return new Table(Object.fromEntries(fields.map((f, i) => {
    const column = table.getChildAt(i)!;
    if (f.typeId !== Type.Dictionary) return [f.name, column];
    return [f.name, vectorFromArray([...column], (f.type as Dictionary).dictionary)];
  })));
}

function cacheThreshold(ctx: LocalDataContext): Promise<number> {
  let known = thresholds.get(ctx.client);
  if (!known) {
    known = ctx.getConf(THRESHOLD_KEY, String(DEFAULT_THRESHOLD)).then((v) => {
      const n = Number(v);
      return Number.isFinite(n) && n > 0 ? n : DEFAULT_THRESHOLD;
    });
    thresholds.set(ctx.client, known);
    // A failed read is tried again next time rather than remembered.
    known.catch(() => thresholds.delete(ctx.client));
  }
  return known;
}

function inferType(v: unknown, path: string): DataType {
  if (v === null || v === undefined) return new NullType();
  if (typeof v === "boolean") return new BooleanType();
  if (typeof v === "bigint") return new LongType();
  if (typeof v === "number") return Number.isInteger(v) ? new LongType() : new DoubleType();
  if (typeof v === "string") return new StringType();
  if (v instanceof Date) return new TimestampType();
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return new BinaryType();
  if (Array.isArray(v)) {
    const at = `${path}[]`;
    const element = v.reduce<DataType>(
      (t, x) => mergeTypes(t, inferType(x, at), at),
      new NullType(),
    );
    return new ArrayType(element, true);
  }
  if (v instanceof Map) {
    let [key, value]: DataType[] = [new NullType(), new NullType()];
    for (const [k, x] of v) {
      key = mergeTypes(key, inferType(k, `${path} key`), `${path} key`);
      value = mergeTypes(value, inferType(x, `${path} value`), `${path} value`);
    }
    return new MapType(key, value, true);
  }
  if (isPlainObject(v)) {
    const fields = Object.entries(v).map(([k, x]) =>
      new StructField(k, inferType(x, `${path}.${k}`))
    );
    return new StructType(fields);
  }
  throw new TypeError(`cannot infer a Spark type for ${path} from ${show(v)}: give a schema`);
}

/** The type of a column holding values of both types (`path` names it in errors). */
function mergeTypes(a: DataType, b: DataType, path: string): DataType {
  if (a instanceof NullType) return b;
  if (b instanceof NullType || a.equals(b)) return a;
  if ([a, b].every((t) => t instanceof LongType || t instanceof DoubleType)) {
    return new DoubleType();
  }
  if (a instanceof StringType && isAtomic(b)) return a;
  if (b instanceof StringType && isAtomic(a)) return b;
  if (a instanceof ArrayType && b instanceof ArrayType) {
    return new ArrayType(mergeTypes(a.elementType, b.elementType, `${path}[]`), true);
  }
  if (a instanceof MapType && b instanceof MapType) {
    const key = mergeTypes(a.keyType, b.keyType, `${path} key`);
    return new MapType(key, mergeTypes(a.valueType, b.valueType, `${path} value`), true);
  }
  if (a instanceof StructType && b instanceof StructType) {
    const child = (name: string) => (path === "" ? name : `${path}.${name}`);
    const fields = a.fields.map((f) => {
      const other = b.get(f.name);
      if (!other) return f;
      return new StructField(f.name, mergeTypes(f.dataType, other.dataType, child(f.name)));
    });
    return new StructType([...fields, ...b.fields.filter((f) => !a.get(f.name))]);
  }
  throw new TypeError(
    `${path || "a row"} holds both ${a.sql()} and ${b.sql()} values: give a schema`,
  );
}

function isAtomic(t: DataType): boolean {
  return !(t instanceof ArrayType || t instanceof MapType || t instanceof StructType);
}

function checkResolved(t: DataType, path: string): void {
  if (t instanceof NullType) {
    throw new TypeError(`cannot infer the type of ${path}: its values are all null; give a schema`);
  }
  if (t instanceof ArrayType) checkResolved(t.elementType, `${path}[]`);
  if (t instanceof MapType) {
    checkResolved(t.keyType, `${path} key`);
    checkResolved(t.valueType, `${path} value`);
  }
  if (t instanceof StructType) {
    for (const f of t.fields) checkResolved(f.dataType, `${path}.${f.name}`);
  }
}
