import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  add_months,
  col,
  current_date,
  current_timestamp,
  current_timezone,
  date_add,
  date_diff,
  date_format,
  date_sub,
  date_trunc,
  datediff,
  dayofmonth,
  dayofweek,
  dayofyear,
  from_unixtime,
  from_utc_timestamp,
  hour,
  last_day,
  lit,
  make_date,
  minute,
  month,
  months_between,
  next_day,
  quarter,
  second,
  timestamp_diff,
  timestamp_seconds,
  to_date,
  to_timestamp,
  trunc,
  try_to_timestamp,
  unix_seconds,
  unix_timestamp,
  weekofyear,
  year,
} from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, evaluate, plain } from "./eval.ts";

const ts = { unresolvedAttribute: { unparsedIdentifier: "ts" } };

Deno.test("date_trunc takes the format first, trunc the date first", () => {
  const fmt = { literal: { string: "month" } };
  deepStrictEqual(plain(date_trunc("month", "ts")), {
    unresolvedFunction: { functionName: "date_trunc", arguments: [fmt, ts] },
  });
  deepStrictEqual(plain(trunc("ts", "month")), {
    unresolvedFunction: { functionName: "trunc", arguments: [ts, fmt] },
  });
  deepStrictEqual(plain(unix_timestamp()), {
    unresolvedFunction: { functionName: "unix_timestamp" },
  });
  deepStrictEqual(
    (plain(from_unixtime("ts")) as { unresolvedFunction: { arguments: unknown[] } })
      .unresolvedFunction.arguments[1],
    { literal: { string: "yyyy-MM-dd HH:mm:ss" } },
  );
});

Deno.test("date and time functions agree with SQL, nulls and leap days included", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      (DATE'2024-02-29', TIMESTAMP'2024-02-29 23:59:58.5', '2024-02-29', '29/02/2024 10:11', '2024-02-29', 1709251198L),
      (DATE'1999-12-31', TIMESTAMP'1970-01-01 00:00:00', '1999-12-31', '31/12/1999 00:00', 'not a date', 0L),
      (NULL, NULL, NULL, NULL, NULL, NULL),
      (DATE'2023-01-31', TIMESTAMP'2023-07-04 12:30:00', '2023-01-31', '31/01/2023 05:06', '', -1L)
      AS t(d, ts, s, fs, g, epoch)`;
    await assertSameAsSql(spark, input, [
      ["to_date", to_date("s"), "to_date(s)"],
      ["to_date format", to_date("fs", "dd/MM/yyyy HH:mm"), "to_date(fs, 'dd/MM/yyyy HH:mm')"],
      [
        "to_timestamp format",
        to_timestamp("fs", "dd/MM/yyyy HH:mm"),
        "to_timestamp(fs, 'dd/MM/yyyy HH:mm')",
      ],
      [
        "try_to_timestamp",
        try_to_timestamp("g", lit("yyyy-MM-dd")),
        "try_to_timestamp(g, 'yyyy-MM-dd')",
      ],
      ["try_to_timestamp no format", try_to_timestamp("g"), "try_to_timestamp(g)"],
      [
        "date_format",
        date_format("ts", "yyyy-MM-dd HH:mm:ss.SSS"),
        "date_format(ts, 'yyyy-MM-dd HH:mm:ss.SSS')",
      ],
      ["date_trunc", date_trunc("month", "ts"), "date_trunc('month', ts)"],
      ["date_trunc hour", date_trunc("hour", col("ts")), "date_trunc('hour', ts)"],
      ["trunc", trunc("d", "year"), "trunc(d, 'year')"],
      ["date_add", date_add("d", 1), "date_add(d, 1)"],
      ["date_sub", date_sub("d", 365), "date_sub(d, 365)"],
      ["datediff", datediff("d", lit("2000-01-01").cast("date")), "datediff(d, DATE'2000-01-01')"],
      [
        "date_diff",
        date_diff(lit("2000-01-01").cast("date"), "d"),
        "date_diff(DATE'2000-01-01', d)",
      ],
      ["add_months", add_months("d", 1), "add_months(d, 1)"],
      ["months_between", months_between("ts", "d"), "months_between(ts, d, true)"],
      ["months_between raw", months_between("ts", "d", false), "months_between(ts, d, false)"],
      ["last_day", last_day("d"), "last_day(d)"],
      ["next_day", next_day("d", "Mon"), "next_day(d, 'Mon')"],
      ["unix_timestamp", unix_timestamp("ts"), "unix_timestamp(ts, 'yyyy-MM-dd HH:mm:ss')"],
      ["from_unixtime", from_unixtime("epoch"), "from_unixtime(epoch)"],
      ["timestamp_seconds", timestamp_seconds("epoch"), "timestamp_seconds(epoch)"],
      ["unix_seconds", unix_seconds("ts"), "unix_seconds(ts)"],
      ["make_date", make_date(year("d"), month("d"), lit(1)), "make_date(year(d), month(d), 1)"],
      [
        "from_utc_timestamp",
        from_utc_timestamp("ts", "Asia/Tokyo"),
        "from_utc_timestamp(ts, 'Asia/Tokyo')",
      ],
      ["timestamp_diff", timestamp_diff("HOUR", "d", "ts"), "timestampdiff(HOUR, d, ts)"],
      ["year", year("ts"), "year(ts)"],
      ["quarter", quarter("d"), "quarter(d)"],
      ["month", month("d"), "month(d)"],
      ["dayofmonth", dayofmonth("d"), "dayofmonth(d)"],
      ["dayofweek", dayofweek("d"), "dayofweek(d)"],
      ["dayofyear", dayofyear("d"), "dayofyear(d)"],
      ["weekofyear", weekofyear("d"), "weekofyear(d)"],
      ["hour", hour("ts"), "hour(ts)"],
      ["minute", minute("ts"), "minute(ts)"],
      ["second", second("ts"), "second(ts)"],
    ]);
  });
});

Deno.test("current date, time and zone are the session's", async () => {
  await withSpark(async (spark) => {
    const before = Date.now();
    const [row] = await evaluate(spark, "SELECT 1", [
      current_date().alias("d"),
      current_timestamp().alias("ts"),
      current_timezone().alias("tz"),
    ]);
    const tsMs = (row.ts as Date).getTime();
    ok(Math.abs(tsMs - before) < 60_000, `current_timestamp ${row.ts} is now`);
    strictEqual(
      (row.d as Date).toISOString().slice(0, 10),
      (row.ts as Date).toISOString().slice(0, 10),
    );
    strictEqual(row.tz, await spark.conf.get("spark.sql.session.timeZone"));
  });
});
