/**
 * Parses Spark DDL schemas (`a INT, b STRING NOT NULL`) and type strings (`map<string,bigint>`).
 *
 * @module
 */

import type { DataType } from "./data_type.ts";
import { CharType, DecimalType, StringType, VarcharType } from "./atomic_types.ts";
import { DayTimeIntervalType, TimeType, YearMonthIntervalType } from "./datetime_types.ts";
import { DataTypes } from "./singletons.ts";
import { ArrayType, MapType, StructField, StructType } from "./complex_types.ts";
import { DataTypeParseError, type ParseErrorDetails } from "./parse_error.ts";
import { type Token, tokenize } from "./ddl_lexer.ts";
import { closestName } from "./suggest.ts";

/** Type keywords that take no parameters, with Spark's aliases. */
const SIMPLE_TYPES: Readonly<Record<string, DataType>> = {
  boolean: DataTypes.BooleanType,
  tinyint: DataTypes.ByteType,
  byte: DataTypes.ByteType,
  smallint: DataTypes.ShortType,
  short: DataTypes.ShortType,
  int: DataTypes.IntegerType,
  integer: DataTypes.IntegerType,
  bigint: DataTypes.LongType,
  long: DataTypes.LongType,
  float: DataTypes.FloatType,
  real: DataTypes.FloatType,
  double: DataTypes.DoubleType,
  binary: DataTypes.BinaryType,
  date: DataTypes.DateType,
  timestamp: DataTypes.TimestampType,
  timestamp_ltz: DataTypes.TimestampType,
  timestamp_ntz: DataTypes.TimestampNTZType,
  void: DataTypes.NullType,
  variant: DataTypes.VariantType,
};

/** Type keywords with their own syntax. */
const OTHER_TYPES = [
  "string",
  "decimal",
  "dec",
  "numeric",
  "char",
  "character",
  "varchar",
  "time",
  "interval",
  "array",
  "map",
  "struct",
];

/** Names other systems use, mapped to Spark's, so a suggestion can point across. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  bool: "boolean",
  text: "string",
  str: "string",
  datetime: "timestamp",
  int32: "int",
  int64: "bigint",
  float32: "float",
  float64: "double",
};

const KNOWN_TYPES = [...Object.keys(SIMPLE_TYPES), ...OTHER_TYPES];

const YEAR_MONTH_UNITS = ["year", "month"];
const DAY_TIME_UNITS = ["day", "hour", "minute", "second"];

/** How a token is shown in a message. */
function describe(token: Token): string {
  if (token.kind === "end") return "end of input";
  return token.kind === "string" ? token.text : `'${token.text}'`;
}

/** Joins alternatives as `A, B or C`. */
function alternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** A recursive-descent parser over the tokens of one input. */
class DdlParser {
  readonly #input: string;
  readonly #tokens: readonly Token[];
  #index = 0;

  constructor(input: string, tokens: readonly Token[]) {
    this.#input = input;
    this.#tokens = tokens;
  }

  /** Parses `name type [NOT NULL] [COMMENT '...'], ...` up to the end of input. */
  schema(): StructType {
    const fields = [this.#field("a column name")];
    while (this.#takeSymbol(",")) fields.push(this.#field("a column name"));
    this.#expectEnd("',', NOT NULL, COMMENT or end of input");
    return new StructType(fields);
  }

  /** Parses one data type up to the end of input. */
  singleType(): DataType {
    const type = this.#type();
    this.#expectEnd("end of input");
    return type;
  }

  #peek(): Token {
    return this.#tokens[this.#index];
  }

  #next(): Token {
    const token = this.#tokens[this.#index];
    if (token.kind !== "end") this.#index++;
    return token;
  }

  #fail(token: Token, problem: string, details: ParseErrorDetails): never {
    throw new DataTypeParseError(problem, this.#input, token.offset, details);
  }

  #unexpected(expected: string): never {
    const token = this.#peek();
    return this.#fail(token, `unexpected ${describe(token)}`, { expected });
  }

  #isWord(keyword: string, token: Token = this.#peek()): boolean {
    return token.kind === "word" && token.value.toLowerCase() === keyword;
  }

  #takeWord(keyword: string): boolean {
    if (!this.#isWord(keyword)) return false;
    this.#index++;
    return true;
  }

  #takeSymbol(symbol: string): boolean {
    const token = this.#peek();
    if (token.kind !== "symbol" || token.value !== symbol) return false;
    this.#index++;
    return true;
  }

  #expectSymbol(symbol: string): void {
    if (!this.#takeSymbol(symbol)) this.#unexpected(`'${symbol}'`);
  }

  #expectEnd(expected: string): void {
    if (this.#peek().kind !== "end") this.#unexpected(expected);
  }

  #integer(): number {
    const token = this.#peek();
    if (token.kind !== "word" || !/^[0-9]+$/.test(token.value)) this.#unexpected("an integer");
    this.#index++;
    return Number(token.value);
  }

  /** Parses `name [:] type [NOT NULL] [COMMENT '...']`, options in either order. */
  #field(nameKind: string): StructField {
    const nameToken = this.#peek();
    const isName = nameToken.kind === "quoted" ||
      (nameToken.kind === "word" && !/^[0-9]+$/.test(nameToken.value));
    if (!isName) this.#unexpected(nameKind);
    this.#index++;
    this.#takeSymbol(":");
    const type = this.#type();
    let nullable = true;
    let comment: string | undefined;
    for (;;) {
      const token = this.#peek();
      if (nullable && this.#takeWord("not")) {
        if (!this.#takeWord("null")) this.#unexpected("NULL");
        nullable = false;
      } else if (comment === undefined && this.#takeWord("comment")) {
        const literal = this.#peek();
        if (literal.kind !== "string") this.#unexpected("a quoted comment, as in COMMENT 'text'");
        comment = this.#next().value;
      } else if (this.#isWord("not", token) || this.#isWord("comment", token)) {
        this.#fail(token, `duplicate ${token.value.toUpperCase()}`, {
          reason: "each option may appear once per field",
        });
      } else {
        break;
      }
    }
    return new StructField(
      nameToken.value,
      type,
      nullable,
      comment === undefined ? {} : { comment },
    );
  }

  /** Parses one data type: a keyword, its parameters and any nested types. */
  #type(): DataType {
    const token = this.#peek();
    if (token.kind !== "word") this.#unexpected("a data type");
    const keyword = token.value.toLowerCase();
    this.#index++;
    const simple = SIMPLE_TYPES[keyword];
    if (simple !== undefined) {
      if (this.#peek().value === "(" && this.#peek().kind === "symbol") {
        this.#fail(this.#peek(), "unexpected '('", {
          reason: `${keyword.toUpperCase()} takes no parameters`,
        });
      }
      return simple;
    }
    switch (keyword) {
      case "string":
        return this.#takeWord("collate") ? new StringType(this.#collation()) : DataTypes.StringType;
      case "decimal":
      case "dec":
      case "numeric":
        return this.#checked(token, () => this.#decimal());
      case "char":
      case "character":
      case "varchar": {
        if (!this.#takeSymbol("(")) this.#unexpected(`'(', as in ${keyword.toUpperCase()}(10)`);
        const length = this.#integer();
        this.#expectSymbol(")");
        return this.#checked(
          token,
          () => keyword === "varchar" ? new VarcharType(length) : new CharType(length),
        );
      }
      case "time":
        return this.#checked(token, () => new TimeType(this.#optionalParameters(1)[0]));
      case "interval":
        return this.#interval();
      case "array": {
        this.#expectSymbol("<");
        const element = this.#type();
        this.#expectSymbol(">");
        return new ArrayType(element);
      }
      case "map": {
        this.#expectSymbol("<");
        const key = this.#type();
        this.#expectSymbol(",");
        const value = this.#type();
        this.#expectSymbol(">");
        return new MapType(key, value);
      }
      case "struct":
        return this.#struct();
    }
    const suggestion = closestName(token.value, KNOWN_TYPES, FOREIGN_NAMES);
    return this.#fail(token, `unknown type '${token.value}'`, {
      expected: "a data type",
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  }

  /** Builds a type, turning a constructor's `RangeError` into a positioned parse error. */
  #checked(start: Token, build: () => DataType): DataType {
    try {
      return build();
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const end = this.#tokens[this.#index - 1];
      const text = this.#input.slice(start.offset, end.offset + end.text.length);
      return this.#fail(start, `invalid type '${text}'`, { reason: e.message });
    }
  }

  /** Parses an optional `(n[, n...])` of at most `max` integers. */
  #optionalParameters(max: number): number[] {
    if (!this.#takeSymbol("(")) return [];
    const values = [this.#integer()];
    while (values.length < max && this.#takeSymbol(",")) values.push(this.#integer());
    this.#expectSymbol(")");
    return values;
  }

  #decimal(): DecimalType {
    const [precision, scale] = this.#optionalParameters(2);
    return new DecimalType(precision, scale);
  }

  #collation(): string {
    const token = this.#peek();
    if (token.kind !== "word" && token.kind !== "quoted") this.#unexpected("a collation name");
    return this.#next().value;
  }

  /** Parses what follows `INTERVAL`: nothing (calendar), `unit`, or `unit TO unit`. */
  #interval(): DataType {
    const unitOf = (token: Token) => token.kind === "word" ? token.value.toLowerCase() : undefined;
    const from = unitOf(this.#peek());
    const yearMonth = YEAR_MONTH_UNITS.indexOf(from ?? "");
    const dayTime = DAY_TIME_UNITS.indexOf(from ?? "");
    if (yearMonth === -1 && dayTime === -1) return DataTypes.CalendarIntervalType;
    this.#index++;
    if (!this.#takeWord("to")) {
      return yearMonth !== -1
        ? new YearMonthIntervalType(yearMonth as 0 | 1)
        : new DayTimeIntervalType(dayTime as 0 | 1 | 2 | 3);
    }
    const units = yearMonth !== -1 ? YEAR_MONTH_UNITS : DAY_TIME_UNITS;
    const first = yearMonth !== -1 ? yearMonth : dayTime;
    const later = units.slice(first + 1).map((unit) => unit.toUpperCase());
    if (later.length === 0) {
      this.#fail(this.#tokens[this.#index - 1], "unexpected 'TO'", {
        reason: `INTERVAL ${from!.toUpperCase()} has no later field`,
      });
    }
    const last = units.indexOf(unitOf(this.#peek()) ?? "");
    if (last <= first) this.#unexpected(alternatives(later));
    this.#index++;
    return yearMonth !== -1
      ? new YearMonthIntervalType(first as 0 | 1, last as 0 | 1)
      : new DayTimeIntervalType(first as 0 | 1 | 2 | 3, last as 0 | 1 | 2 | 3);
  }

  /** Parses `<name: type, ...>` after `STRUCT`; `STRUCT<>` is the empty struct. */
  #struct(): StructType {
    this.#expectSymbol("<");
    if (this.#takeSymbol(">")) return new StructType();
    const fields = [this.#field("a field name")];
    while (this.#takeSymbol(",")) fields.push(this.#field("a field name"));
    if (!this.#takeSymbol(">")) this.#unexpected("',', '>', NOT NULL or COMMENT");
    return new StructType(fields);
  }
}

/**
 * Parses a DDL schema such as `a INT, b STRING NOT NULL COMMENT 'name'` into a struct; keywords
 * are case-insensitive, names may be backtick-quoted, and comments go to `metadata.comment`.
 *
 * @example
 * const schema = parseDDL("id BIGINT NOT NULL, tags ARRAY<STRING>, `unit price` DECIMAL(10,2)");
 * schema.fieldNames(); // ["id", "tags", "unit price"]
 */
export function parseDDL(ddl: string): StructType {
  return new DdlParser(ddl, tokenize(ddl)).schema();
}

/**
 * Parses a Spark type string (`int`, `map<string,bigint>`, `struct<a:int>`, ...), or else a DDL
 * schema as a struct, like Spark's `DataType.fromDDL`.
 *
 * @example
 * parseDataType("array<struct<x: int, y: string>>").simpleString();
 * // "array<struct<x:int,y:string>>"
 */
export function parseDataType(text: string): DataType {
  const tokens = tokenize(text);
  try {
    return new DdlParser(text, tokens).singleType();
  } catch (typeError) {
    // A lone word is meant as a type, not as a column missing its type.
    if (!(typeError instanceof DataTypeParseError) || tokens.length <= 2) throw typeError;
    try {
      return new DdlParser(text, tokens).schema();
    } catch (schemaError) {
      if (!(schemaError instanceof DataTypeParseError)) throw schemaError;
      // Report whichever reading got further into the text.
      throw schemaError.offset > typeError.offset ? schemaError : typeError;
    }
  }
}
