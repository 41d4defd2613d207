/**
 * Spark SQL functions with PySpark's names (`pyspark.sql.functions`), split by family. Import
 * them one by one, or as a namespace as PySpark users write `F.col`:
 *
 * ```ts
 * import * as F from "./src/connect/functions/mod.ts";
 * const byCity = F.count("*").over(Window.partitionBy("city"));
 * ```
 *
 * @example
 * const label = when(col("rating").geq(4), "good").otherwise("other");
 * const tags = transform(split("tags", ","), (t) => trim(t));
 *
 * @module
 */
export * from "./core.ts";
export * from "./math.ts";
export * from "./string.ts";
export * from "./datetime.ts";
export * from "./aggregate.ts";
export * from "./window.ts";
export * from "./collection.ts";
export * from "./higher_order.ts";
export * from "./json.ts";
export type { LambdaBody } from "./invoke.ts";
