/**
 * Plan nodes (pure: builds Spark Connect messages, no I/O).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { type Plan, PlanSchema } from "../proto/gen/spark/connect/base_pb.ts";
import { type Relation, RelationSchema } from "../proto/gen/spark/connect/relations_pb.ts";
import { bindSqlParameters, type SqlArgs } from "./sql_parameters.ts";

/**
 * A SQL query as a relation, its parameters bound on the client (see `sql_parameters.ts`).
 *
 * @example
 * const rel = sqlRelation("SELECT * FROM t WHERE id = :id", { id: 7 });
 */
export function sqlRelation(query: string, args?: SqlArgs): Relation {
  const bound = args === undefined ? query : bindSqlParameters(query, args);
  return create(RelationSchema, { relType: { case: "sql", value: { query: bound } } });
}

/**
 * A plan that runs a relation as a query.
 *
 * @example
 * const plan = rootPlan(sqlRelation("SELECT 1"));
 */
export function rootPlan(relation: Relation): Plan {
  return create(PlanSchema, { opType: { case: "root", value: relation } });
}

/**
 * A plan that runs SQL as a command, eagerly: DDL and DML take effect when it executes, and
 * the answer carries a relation to read the result from (as PySpark's `spark.sql` does).
 *
 * @example
 * const plan = sqlCommandPlan(sqlRelation("CREATE TABLE t (id INT) USING delta"));
 */
export function sqlCommandPlan(input: Relation): Plan {
  return create(PlanSchema, {
    opType: {
      case: "command",
      value: { commandType: { case: "sqlCommand", value: { input } } },
    },
  });
}
