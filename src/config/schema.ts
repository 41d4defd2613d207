/**
 * The JSON Schema of a Lakebook job config (`ingestion_config/*.yaml`): the one source of truth.
 * The TypeScript types in `types.ts` are derived from this constant, the validator checks
 * configs against it, and `ingestion_config/config.schema.json` (for editors) is written from it
 * by `write_schema.ts`; a test fails when that file falls behind.
 *
 * Draft-07, the draft editors' YAML and JSON language servers support best. Every key has a
 * `description` (shown on hover); `patternErrorMessage` is the editors' extension for a readable
 * pattern error, also used in Lakebook's own messages.
 *
 * @module
 */

const IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]*$";
const IDENTIFIER_MESSAGE = "must be a plain identifier: letters, digits and '_'";

/** A SQL expression, optionally with `${param}` references. */
const sqlText = (description: string) => ({ type: "string", minLength: 1, description }) as const;

/**
 * The config schema, as a JSON Schema (draft-07) literal; see `ingestion_config/config.schema.json`.
 *
 * @example
 * CONFIG_SCHEMA.definitions.sinkTarget.properties.mode.enum; // ["append", "overwrite", "merge"]
 */
export const CONFIG_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Lakebook ingestion job",
  description: "One ingestion or aggregation job: read `source`, run `steps` in order, write " +
    "`sink`. Relative paths are resolved against the project root (the folder holding " +
    "`ingestion_config/`), whatever the current directory; `s3://` paths are kept as they are.",
  type: "object",
  additionalProperties: false,
  required: ["name", "source", "sink"],
  properties: {
    name: {
      type: "string",
      pattern: "^[a-z][a-z0-9_-]*$",
      patternErrorMessage: "must be lower-case letters, digits, '_' or '-', starting with a letter",
      description: "The job's name, unique in the project: it names the job in run history " +
        "(`.lakebook/history/<name>/`) and in the Airflow DAG.",
    },
    description: { type: "string", description: "What the job does, in one sentence." },
    schedule: {
      type: "string",
      description: "When the Airflow DAG factory runs the job: a 5-field cron expression " +
        "(minute hour day-of-month month day-of-week, e.g. `0 2 * * *`) or a preset " +
        "(`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`). Absent: run on demand only.",
    },
    params: {
      type: "object",
      description: "Run parameters, by name. `${name}` in a SQL expression becomes the value as " +
        "a typed SQL literal (e.g. `DATE'2026-05-01'`); in a path, its text. Values come from " +
        "`lakebook run --param name=value` (`--as-of` sets `as_of`), else `default`.",
      propertyNames: { pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE },
      additionalProperties: { $ref: "#/definitions/param" },
    },
    source: { $ref: "#/definitions/source" },
    steps: {
      type: "array",
      default: [],
      description: "Transformations, run in order. Each item is a mapping with one key, the " +
        "step's name: `mask_words`, `dedupe`, `filter` or `aggregate`.",
      items: { $ref: "#/definitions/step" },
    },
    sink: {
      description: "Where the result goes: one target, or a list of targets all written from " +
        "the same result (e.g. JSON lines for export and a Delta table).",
      anyOf: [
        { $ref: "#/definitions/sinkTarget" },
        { type: "array", minItems: 1, items: { $ref: "#/definitions/sinkTarget" } },
      ],
    },
    quarantine: {
      type: "object",
      additionalProperties: false,
      required: ["path"],
      description: "Where rejected rows go, with the rule they broke, the raw line and the " +
        "source file: rows breaking the source schema and rows failing a `filter`. Absent: " +
        "rejected rows are counted and dropped.",
      properties: {
        path: {
          type: "string",
          minLength: 1,
          description: "The quarantine Delta table: a local path or `s3://bucket/prefix`.",
        },
      },
    },
    notebook: {
      type: "string",
      minLength: 1,
      description: "A notebook that runs this job (e.g. `notebooks/ingest_reviews.ipynb`): the " +
        "Airflow DAG then runs it with `lakebook notebook run`, giving it the parameters " +
        "`config` (this file) and `as_of` (the run's date), and keeps the executed notebook " +
        "in `.lakebook/notebooks/<name>/`. `lakebook run` ignores it. Absent: the DAG runs " +
        "`lakebook run`.",
    },
    maintenance: {
      type: "object",
      additionalProperties: false,
      description: "Maintenance of the job's Delta tables (its Delta sinks and quarantine) by " +
        "`lakebook maintain` and the Airflow DAG `<name>.maintain`: OPTIMIZE (Z-ordered by " +
        "the merge keys), then VACUUM. Absent: the defaults below.",
      properties: {
        schedule: {
          type: "string",
          default: "@weekly",
          description: "When the maintenance DAG runs: a cron expression or preset, as for " +
            "`schedule`.",
        },
        retain_hours: {
          type: "integer",
          minimum: 0,
          default: 168,
          description: "VACUUM deletes the files the table stopped using more than this many " +
            "hours ago; younger ones stay for readers of older versions and time travel.",
        },
        allow_short_retention: {
          type: "boolean",
          default: false,
          description: "Allow `retain_hours` below 168 (Delta's retention check refuses it: " +
            "a reader or writer still using an older version could lose its files).",
        },
      },
    },
  },
  definitions: {
    param: {
      type: "object",
      additionalProperties: false,
      required: ["type"],
      description: "A run parameter.",
      properties: {
        type: {
          enum: ["date", "timestamp", "string", "integer", "number", "boolean"],
          description: "The value's type: `date` (YYYY-MM-DD), `timestamp` (ISO 8601), " +
            "`string`, `integer`, `number` or `boolean`.",
        },
        default: {
          type: ["string", "number", "boolean"],
          description: "The value when the run gives none; for a `date`, `today` means the " +
            "run's date (UTC). Absent: the run must give a value.",
        },
        description: { type: "string", description: "What the parameter means." },
      },
    },
    source: {
      type: "object",
      additionalProperties: false,
      required: ["format", "path"],
      description: "What the job reads.",
      properties: {
        format: {
          enum: ["json", "csv", "parquet", "delta"],
          description: "`json` (JSON lines), `csv`, `parquet` or `delta` (a Delta table).",
        },
        path: {
          type: "string",
          minLength: 1,
          description: "A local path (globs allowed, e.g. `data/in/*.jsonl`) or " +
            "`s3://bucket/prefix`; may hold `${param}` references.",
        },
        schema: {
          type: "string",
          minLength: 1,
          description: "A local JSON Schema file describing one row: types, `required`, " +
            "`enum`, `minimum`/`maximum`, `format` (`date-time`, `date`). Rows breaking it are " +
            "quarantined. Required for `json` and `csv`; for `parquet` and `delta` it states " +
            "the columns the job relies on, checked before the run.",
        },
        options: { $ref: "#/definitions/options" },
      },
    },
    options: {
      type: "object",
      description: "Spark reader or writer options, passed as they are (e.g. `header: true`).",
      additionalProperties: { type: ["string", "number", "boolean"] },
    },
    step: {
      type: "object",
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      description: "One step: a mapping with one key, the step's name, holding its options.",
      properties: {
        mask_words: { $ref: "#/definitions/maskWords" },
        dedupe: { $ref: "#/definitions/dedupe" },
        filter: sqlText(
          "Keeps rows for which this Spark SQL condition is true (e.g. `rating BETWEEN 1 AND " +
            "5`); the others are quarantined. Checked by Spark before any data is read.",
        ),
        aggregate: { $ref: "#/definitions/aggregate" },
      },
    },
    maskWords: {
      type: "object",
      additionalProperties: false,
      required: ["column", "words"],
      description: "Replaces listed words in a text column by `*` of the same length, " +
        "case-insensitively, longest word first; optionally drops rows that were mostly masked.",
      properties: {
        column: { type: "string", minLength: 1, description: "The string column to mask." },
        words: {
          type: "string",
          minLength: 1,
          description: "A text file of words, one a line (blank lines and `#` comments " +
            "skipped); taken literally, never as regular expressions.",
        },
        match: {
          enum: ["word", "substring"],
          default: "word",
          description: "`word`: whole words only (`ass` spares `class`); `substring`: anywhere.",
        },
        drop_if_ratio_at_least: {
          type: "number",
          exclusiveMinimum: 0,
          maximum: 1,
          description: "Drops a row when masked characters / text length reaches this ratio " +
            "(e.g. 0.2). Absent: no row is dropped.",
        },
      },
    },
    dedupe: {
      type: "object",
      additionalProperties: false,
      required: ["keys", "latest_by"],
      description: "Keeps one row per key: the one with the greatest `latest_by`.",
      properties: {
        keys: { $ref: "#/definitions/columns", description: "The columns that identify a row." },
        latest_by: {
          type: "string",
          minLength: 1,
          description: "The column ordering versions of a row (a timestamp, date or number); " +
            "the greatest wins.",
        },
        tie_break: {
          $ref: "#/definitions/columns",
          description: "Columns ordering rows that tie on `latest_by` (greatest wins). Absent: " +
            "all other columns, so the choice is deterministic either way.",
        },
      },
    },
    aggregate: {
      type: "object",
      additionalProperties: false,
      required: ["group_by", "metrics"],
      description: "Groups rows and computes metrics; the result has the `group_by` columns " +
        "followed by one column per metric.",
      properties: {
        group_by: { $ref: "#/definitions/columns", description: "The grouping columns." },
        window: { $ref: "#/definitions/window" },
        metrics: {
          type: "object",
          minProperties: 1,
          description: "Output columns, by name: a Spark SQL aggregate expression (e.g. " +
            "`avg(rating)`), or a mapping of names to expressions, written as a struct column.",
          propertyNames: { pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE },
          additionalProperties: { $ref: "#/definitions/metric" },
        },
      },
    },
    metric: {
      anyOf: [
        sqlText("A Spark SQL aggregate expression, e.g. `count(*)`; `${param}` allowed."),
        {
          type: "object",
          minProperties: 1,
          description: "A struct column: field names to aggregate expressions.",
          propertyNames: { pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE },
          additionalProperties: sqlText("A Spark SQL aggregate expression."),
        },
      ],
    },
    window: {
      type: "object",
      additionalProperties: false,
      required: ["column", "last", "until"],
      description: "Keeps only rows of a time window before aggregating: `column` >= `until` " +
        "- `last` and `column` < `until` + 1 day, so a date `until` covers its whole day.",
      properties: {
        column: { type: "string", minLength: 1, description: "A date or timestamp column." },
        last: {
          type: "string",
          pattern: "^[1-9][0-9]* (day|week|month|year)s?$",
          patternErrorMessage: "must be a length like '3 years': <n> days, weeks, months or years",
          description: "The window's length, e.g. `3 years`, `90 days`.",
        },
        until: sqlText(
          "The window's end, a date or timestamp SQL expression, usually `${as_of}`.",
        ),
      },
    },
    sinkTarget: {
      type: "object",
      additionalProperties: false,
      required: ["format", "path"],
      description: "One output.",
      properties: {
        format: {
          enum: ["delta", "json", "csv", "parquet"],
          description: "`delta` (a Delta table), `json` (JSON lines), `csv` or `parquet`.",
        },
        path: {
          type: "string",
          minLength: 1,
          description: "A local folder or `s3://bucket/prefix`; may hold `${param}` " +
            "references (e.g. one folder per run date).",
        },
        mode: {
          enum: ["append", "overwrite", "merge"],
          default: "append",
          description: "`append` adds rows; `overwrite` replaces the content; `merge` (Delta " +
            "only) upserts by `keys`: a row whose key exists updates it, others are inserted.",
        },
        keys: {
          $ref: "#/definitions/columns",
          description: "`merge` only: the columns identifying a row in the table.",
        },
        update_when_newer: {
          type: "string",
          minLength: 1,
          description: "`merge` only: a matched row is updated only when this column is " +
            "greater in the new row, so replaying old data never undoes newer data.",
        },
        partition_by: {
          type: "object",
          description: "Partition columns, by name: each a Spark SQL expression over the " +
            "result's columns (e.g. `published_month: date_format(publishedAt, 'yyyy-MM')`).",
          propertyNames: { pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE },
          additionalProperties: sqlText("A Spark SQL expression giving the partition value."),
        },
        single_file: {
          type: "boolean",
          default: false,
          description: "Write one data file (for small outputs such as aggregates); not for " +
            "`merge`.",
        },
        options: { $ref: "#/definitions/options" },
      },
    },
    columns: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      description: "Column names.",
      items: { type: "string", minLength: 1 },
    },
  },
} as const;
