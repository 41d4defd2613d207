/**
 * The session catalog, `spark.catalog`, with PySpark's names: databases, tables, columns and
 * temporary views, answered as plain objects. Each call is one `Catalog` relation run on the
 * server (catalog relations act when analyzed, so they are only ever executed once).
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { DataFrame } from "./dataframe.ts";
import type { CatalogSchema } from "./proto/gen/spark/connect/catalog_pb.ts";
import { RelationSchema } from "./proto/gen/spark/connect/relations_pb.ts";
import type { Row } from "./rows.ts";
import type { SparkSession } from "./session.ts";

/**
 * A database (namespace) of the catalog.
 *
 * @example
 * const [db]: DatabaseInfo[] = await spark.catalog.listDatabases("default");
 */
export interface DatabaseInfo {
  /** The database name. */
  name: string;
  /** The catalog holding it. */
  catalog: string | null;
  /** Its comment, if any. */
  description: string | null;
  /** Where its managed tables live (`file:/...`). */
  locationUri: string;
}

/**
 * A table or view, as `listTables` describes it.
 *
 * @example
 * const views = (await spark.catalog.listTables()).filter((t: TableInfo) => t.isTemporary);
 */
export interface TableInfo {
  /** The table name, unqualified. */
  name: string;
  /** The catalog holding it (null for temporary views). */
  catalog: string | null;
  /** Its database, as name parts (empty for temporary views). */
  namespace: string[];
  /** Its comment, if any. */
  description: string | null;
  /** `MANAGED`, `EXTERNAL`, `VIEW` or `TEMPORARY`. */
  tableType: string;
  /** Whether it is a temporary view. */
  isTemporary: boolean;
}

/**
 * A column of a table, as `listColumns` describes it.
 *
 * @example
 * const keys = (await spark.catalog.listColumns("t")).filter((c: ColumnInfo) => c.isPartition);
 */
export interface ColumnInfo {
  /** The column name. */
  name: string;
  /** Its comment, if any. */
  description: string | null;
  /** The type as Spark prints it (`bigint`, `array<string>`). */
  dataType: string;
  /** Whether it may hold NULL. */
  nullable: boolean;
  /** Whether the table is partitioned by it. */
  isPartition: boolean;
  /** Whether the table is bucketed by it. */
  isBucket: boolean;
  /** Whether the table is clustered by it. */
  isCluster: boolean;
}

/**
 * A catalog (`spark_catalog`, ...).
 *
 * @example
 * const names = (await spark.catalog.listCatalogs()).map((c: CatalogInfo) => c.name);
 */
export interface CatalogInfo {
  /** The catalog name. */
  name: string;
  /** Its comment, if any. */
  description: string | null;
}

/**
 * Options of every catalog call.
 *
 * @example
 * await spark.catalog.listTables("default", { signal: AbortSignal.timeout(5_000) });
 */
export interface CatalogOptions {
  /** Aborting interrupts the call on the server. */
  signal?: AbortSignal;
}

type CatType = MessageInitShape<typeof CatalogSchema>["catType"];

/**
 * The catalog of a session: `spark.catalog`.
 *
 * @example
 * const tables = await spark.catalog.listTables();
 * if (!await spark.catalog.tableExists("reviews")) await df.write.saveAsTable("reviews");
 */
export class Catalog {
  /** The catalog of `session`: `spark.catalog`. */
  constructor(readonly session: SparkSession) {}

  /**
   * The current database.
   *
   * @example
   * await spark.catalog.currentDatabase(); // "default"
   */
  async currentDatabase(opts: CatalogOptions = {}): Promise<string> {
    return await this.#value({ case: "currentDatabase", value: {} }, opts) as string;
  }

  /**
   * Makes `name` the current database.
   *
   * @example
   * await spark.catalog.setCurrentDatabase("staging");
   */
  async setCurrentDatabase(name: string, opts: CatalogOptions = {}): Promise<void> {
    await this.#run({ case: "setCurrentDatabase", value: { dbName: name } }, opts);
  }

  /**
   * The databases, optionally those matching a pattern (`*` any characters, `|` or).
   *
   * @example
   * const names = (await spark.catalog.listDatabases()).map((d) => d.name);
   */
  async listDatabases(pattern?: string, opts: CatalogOptions = {}): Promise<DatabaseInfo[]> {
    const rows = await this.#run({ case: "listDatabases", value: { pattern } }, opts);
    return rows.map((r) => ({
      name: String(r.name),
      catalog: text(r.catalog),
      description: text(r.description),
      locationUri: String(r.locationUri ?? ""),
    }));
  }

  /**
   * Whether a database exists.
   *
   * @example
   * await spark.catalog.databaseExists("default"); // true
   */
  async databaseExists(name: string, opts: CatalogOptions = {}): Promise<boolean> {
    return await this.#value({ case: "databaseExists", value: { dbName: name } }, opts) as boolean;
  }

  /**
   * The tables and views of a database (the current one by default), temporary views included.
   *
   * @example
   * const tables = await spark.catalog.listTables("default", { pattern: "review*" });
   */
  async listTables(
    database?: string,
    opts: CatalogOptions & { pattern?: string } = {},
  ): Promise<TableInfo[]> {
    const catType: CatType = {
      case: "listTables",
      value: { dbName: database, pattern: opts.pattern },
    };
    return (await this.#run(catType, opts)).map((r) => ({
      name: String(r.name),
      catalog: text(r.catalog),
      namespace: (r.namespace as string[] | null) ?? [],
      description: text(r.description),
      tableType: String(r.tableType),
      isTemporary: r.isTemporary === true,
    }));
  }

  /**
   * Whether a table or view exists (`name` may be qualified: `db.t`).
   *
   * @example
   * await spark.catalog.tableExists("reviews");
   */
  async tableExists(name: string, database?: string, opts: CatalogOptions = {}): Promise<boolean> {
    const catType: CatType = { case: "tableExists", value: { tableName: name, dbName: database } };
    return await this.#value(catType, opts) as boolean;
  }

  /**
   * The columns of a table or view.
   *
   * @example
   * const cols = await spark.catalog.listColumns("reviews");
   * cols.filter((c) => c.isPartition).map((c) => c.name); // ["day"]
   */
  async listColumns(
    table: string,
    database?: string,
    opts: CatalogOptions = {},
  ): Promise<ColumnInfo[]> {
    const catType: CatType = { case: "listColumns", value: { tableName: table, dbName: database } };
    return (await this.#run(catType, opts)).map((r) => ({
      name: String(r.name),
      description: text(r.description),
      dataType: String(r.dataType),
      nullable: r.nullable === true,
      isPartition: r.isPartition === true,
      isBucket: r.isBucket === true,
      isCluster: r.isCluster === true,
    }));
  }

  /**
   * Drops a temporary view; true if there was one.
   *
   * @example
   * await spark.catalog.dropTempView("recent");
   */
  async dropTempView(name: string, opts: CatalogOptions = {}): Promise<boolean> {
    return await this.#value({ case: "dropTempView", value: { viewName: name } }, opts) as boolean;
  }

  /**
   * Drops a global temporary view; true if there was one.
   *
   * @example
   * await spark.catalog.dropGlobalTempView("shared");
   */
  async dropGlobalTempView(name: string, opts: CatalogOptions = {}): Promise<boolean> {
    const catType: CatType = { case: "dropGlobalTempView", value: { viewName: name } };
    return await this.#value(catType, opts) as boolean;
  }

  /**
   * The current catalog.
   *
   * @example
   * await spark.catalog.currentCatalog(); // "spark_catalog"
   */
  async currentCatalog(opts: CatalogOptions = {}): Promise<string> {
    return await this.#value({ case: "currentCatalog", value: {} }, opts) as string;
  }

  /**
   * The catalogs, optionally those matching a pattern.
   *
   * @example
   * const catalogs = await spark.catalog.listCatalogs();
   */
  async listCatalogs(pattern?: string, opts: CatalogOptions = {}): Promise<CatalogInfo[]> {
    const rows = await this.#run({ case: "listCatalogs", value: { pattern } }, opts);
    return rows.map((r) => ({ name: String(r.name), description: text(r.description) }));
  }

  /**
   * Re-reads a table's files and metadata (after they changed outside this session).
   *
   * @example
   * await spark.catalog.refreshTable("reviews");
   */
  async refreshTable(name: string, opts: CatalogOptions = {}): Promise<void> {
    await this.#run({ case: "refreshTable", value: { tableName: name } }, opts);
  }

  /** Runs one catalog relation and returns its rows. */
  #run(catType: CatType, opts: CatalogOptions): Promise<Row[]> {
    const relation = create(RelationSchema, { relType: { case: "catalog", value: { catType } } });
    return new DataFrame(this.session, relation).collect(opts);
  }

  /** Runs a catalog relation that answers one `value`. */
  async #value(catType: CatType, opts: CatalogOptions): Promise<unknown> {
    const [row] = await this.#run(catType, opts);
    return row?.value;
  }
}

function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
