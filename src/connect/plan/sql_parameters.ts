/**
 * Binds SQL parameter markers on the client, as SQL literals. Spark 4.2 binds `?` and `:name`
 * while parsing, but Delta 4.4's SQL parser (installed by `DeltaSparkSessionExtension`) drops
 * the parameters on the way, so every parameterized query on a Delta-enabled server fails with
 * UNBOUND_SQL_PARAMETER (verified, with `EXECUTE IMMEDIATE` too). Markers inside strings,
 * quoted identifiers and comments are left alone; values are rendered so they cannot escape
 * their literal.
 *
 * @module
 */
import type { LiteralValue } from "./literal.ts";

/** Arguments of a parameterized SQL query: `?` markers take an array, `:name` markers an object. */
export type SqlArgs = LiteralValue[] | Record<string, LiteralValue>;

/**
 * Replaces the parameter markers of `query` with the SQL literals of `args`.
 *
 * @example
 * bindSqlParameters("SELECT * FROM t WHERE id = :id AND s = ?", { id: 7 }); // "... id = 7 AND s = ?"
 */
export function bindSqlParameters(query: string, args: SqlArgs): string {
  const positional = Array.isArray(args);
  let next = 0;
  let out = "";
  let i = 0;
  const n = query.length;
  while (i < n) {
    const c = query[i];
    const end = skipQuoted(query, i);
    if (end > i) {
      out += query.slice(i, end);
      i = end;
    } else if (c === "?" && positional) {
      if (next >= args.length) {
        throw new RangeError(`the query has more ? markers than the ${args.length} values given`);
      }
      out += sqlLiteral(args[next++]);
      i++;
    } else if (c === ":" && query[i + 1] === ":") {
      out += "::";
      i += 2;
    } else if (c === ":" && !positional) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(i + 1));
      if (m && Object.hasOwn(args, m[0])) {
        out += sqlLiteral((args as Record<string, LiteralValue>)[m[0]]);
        i += 1 + m[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  if (positional && next < args.length) {
    throw new RangeError(`${args.length} values given for ${next} ? markers in the query`);
  }
  return out;
}

/** The end of a string, quoted identifier or comment starting at `i`, or `i` if none does. */
function skipQuoted(q: string, i: number): number {
  const c = q[i];
  if (c === "'" || c === '"' || c === "`") {
    // R'...' is a raw string: a backslash escapes nothing there.
    const raw = c !== "`" && /[rR]/.test(q[i - 1] ?? "") && !/[A-Za-z0-9_]/.test(q[i - 2] ?? "");
    let j = i + 1;
    while (j < q.length) {
      if (q[j] === "\\" && c !== "`" && !raw) j += 2;
      else if (q[j] === c) {
        if (c === "`" && q[j + 1] === "`") j += 2;
        else return j + 1;
      } else j++;
    }
    return q.length;
  }
  if (c === "-" && q[i + 1] === "-") {
    const nl = q.indexOf("\n", i);
    return nl < 0 ? q.length : nl;
  }
  if (c === "/" && q[i + 1] === "*") {
    let depth = 0;
    let j = i;
    while (j < q.length) {
      if (q.startsWith("/*", j)) {
        depth++;
        j += 2;
      } else if (q.startsWith("*/", j)) {
        depth--;
        j += 2;
        if (depth === 0) return j;
      } else j++;
    }
    return q.length;
  }
  return i;
}

/**
 * A JS value as Spark SQL literal text: integers that fit 32 bits are INT, larger ones
 * BIGINT (as PySpark types them), other numbers DOUBLE, `bigint` BIGINT, `Date` TIMESTAMP,
 * `Uint8Array` BINARY, arrays ARRAY, `Map` MAP, plain objects STRUCT.
 *
 * @example
 * sqlLiteral("it's"); // "'it\\'s'"
 */
export function sqlLiteral(value: LiteralValue): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "boolean":
      return value ? "TRUE" : "FALSE";
    case "bigint":
      return `${value}L`;
    case "string":
      return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    case "number":
      if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return String(value);
      if (Number.isInteger(value) && Number.isSafeInteger(value)) return `${value}L`;
      return Number.isFinite(value)
        ? `${value}D`.replace("e+", "E").replace("e-", "E-")
        : `CAST('${value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN"}' AS DOUBLE)`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError("cannot use an invalid Date as a literal");
    }
    return `TIMESTAMP '${value.toISOString()}'`;
  }
  if (value instanceof Uint8Array) {
    return `X'${Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("")}'`;
  }
  if (Array.isArray(value)) return `ARRAY(${value.map(sqlLiteral).join(", ")})`;
  if (value instanceof Map) {
    const entries = [...value].flatMap(([k, v]) => [sqlLiteral(k), sqlLiteral(v)]);
    return `MAP(${entries.join(", ")})`;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const fields = Object.entries(value).flatMap((
      [k, v],
    ) => [sqlLiteral(k), sqlLiteral(v ?? null)]);
    return `NAMED_STRUCT(${fields.join(", ")})`;
  }
  throw new TypeError(`cannot turn a ${Object.prototype.toString.call(value)} into a SQL literal`);
}
