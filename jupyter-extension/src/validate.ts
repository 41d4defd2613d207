/**
 * Validates an ingestion config's YAML text against the JSON Schema the `lakebook validate`
 * CLI uses (`ingestion_config/config.schema.json`), reporting each problem at its 1-based line
 * and column, and summarises the config for the panel (name, source -> sink, schedule, steps).
 * Pure: no DOM, no Jupyter; unit-tested under Node.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node
} from 'yaml';

/** One problem, at a 1-based line and column of the file. */
export interface Problem {
  line: number;
  col: number;
  message: string;
}

/** What the panel shows of one config. */
export interface ConfigSummary {
  path: string;
  name: string;
  description?: string;
  source: string;
  sink: string;
  schedule: string;
  steps: Array<Record<string, unknown>>;
  params: Record<string, { default?: unknown }>;
  problems: Problem[];
  /** The parsed value, when the text was YAML (even if it broke the schema). */
  value?: unknown;
}

let compiled: { schema: object; validate: ValidateFunction } | undefined;

function validator(schema: object): ValidateFunction {
  if (compiled?.schema !== schema) {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    ajv.addVocabulary(['patternErrorMessage']);
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled.validate;
}

/**
 * Parses and validates one config.
 *
 * @example
 * validateConfigText('ingestion_config/x.yaml', 'name: x\n', schema).problems
 * // [{ line: 1, col: 1, message: "must have required property 'source'" }, ...]
 */
export function validateConfigText(path: string, text: string, schema: object): ConfigSummary {
  const fallbackName = path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  const summary: ConfigSummary = {
    path,
    name: fallbackName,
    source: '?',
    sink: '?',
    schedule: 'on demand',
    steps: [],
    params: {},
    problems: []
  };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    summary.problems = doc.errors.map(e => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { line, col, message: `not valid YAML: ${firstLine(e.message)}` };
    });
    return summary;
  }
  const value = doc.toJS() as unknown;
  summary.value = value;
  fillSummary(summary, value);
  const validate = validator(schema);
  if (!validate(value)) {
    const seen = new Set<string>();
    const errors = validate.errors ?? [];
    // For a failed anyOf (a sink that is one target or a list), keep the branch the value
    // was meant for: drop the other branch's "must be array/object" at the same place.
    const anyOfAt = new Set(errors.filter(e => e.keyword === 'anyOf').map(e => e.instancePath));
    for (const err of errors) {
      if (err.keyword === 'anyOf' || err.keyword === 'if') continue;
      if (err.keyword === 'type' && anyOfAt.has(err.instancePath) &&
        errors.some(e => e.instancePath.startsWith(err.instancePath + '/') || (e.instancePath === err.instancePath && e.keyword !== 'type' && e.keyword !== 'anyOf'))) {
        continue;
      }
      const { pointer, target } = locate(err);
      const { line, col } = positionOf(doc, lineCounter, pointer, target);
      const message = describeError(err);
      const key = `${line}:${col}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      summary.problems.push({ line, col, message });
    }
    summary.problems.sort((a, b) => a.line - b.line || a.col - b.col);
  }
  return summary;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

function fillSummary(summary: ConfigSummary, value: unknown): void {
  if (!isRecord(value)) {
    return;
  }
  if (typeof value.name === 'string') summary.name = value.name;
  if (typeof value.description === 'string') summary.description = value.description;
  if (typeof value.schedule === 'string') summary.schedule = value.schedule;
  summary.source = describeTarget(value.source);
  summary.sink = Array.isArray(value.sink)
    ? value.sink.map(describeTarget).join(' + ')
    : describeTarget(value.sink);
  if (Array.isArray(value.steps)) summary.steps = value.steps.filter(isRecord);
  if (isRecord(value.params)) {
    summary.params = Object.fromEntries(
      Object.entries(value.params).map(([k, v]) => [k, isRecord(v) ? v : {}])
    );
  }
}

function describeTarget(target: unknown): string {
  if (!isRecord(target)) return '?';
  const format = typeof target.format === 'string' ? target.format : '?';
  const path = typeof target.path === 'string' ? target.path : '?';
  return `${format} ${path}`;
}

/** Whether a value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where an Ajv error points: an unknown key points at the key itself. */
function locate(err: ErrorObject): { pointer: string; target: 'key' | 'value' } {
  if (err.keyword === 'additionalProperties') {
    const extra = String((err.params as { additionalProperty: string }).additionalProperty);
    return { pointer: `${err.instancePath}/${escape(extra)}`, target: 'key' };
  }
  if (err.keyword === 'required') {
    return { pointer: err.instancePath, target: 'key' };
  }
  return { pointer: err.instancePath, target: 'value' };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function label(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

function describeError(err: ErrorObject): string {
  const where = label(err.instancePath);
  const prefix = where ? `${where}: ` : '';
  const custom = (err.parentSchema as { patternErrorMessage?: string } | undefined)
    ?.patternErrorMessage;
  switch (err.keyword) {
    case 'additionalProperties':
      return `unknown key '${(err.params as { additionalProperty: string }).additionalProperty}'`;
    case 'required':
      return `${prefix}missing required key '${(err.params as { missingProperty: string }).missingProperty}'`;
    case 'enum':
      return `${prefix}must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    case 'pattern':
      return `${prefix}${custom ?? err.message ?? 'does not match'}`;
    default:
      return `${prefix}${err.message ?? err.keyword}`;
  }
}

/** The 1-based position of the node at a JSON pointer (the deepest one found). */
function positionOf(
  doc: Document,
  lines: LineCounter,
  pointer: string,
  target: 'key' | 'value'
): { line: number; col: number } {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  const segments = pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node)) {
      const next = node.items[Number(segment)];
      if (next === undefined) break;
      keyNode = next;
      node = next;
    } else {
      break;
    }
  }
  const chosen = target === 'key' ? keyNode ?? node : node ?? keyNode;
  const range = chosen && !isPair(chosen) ? (chosen as Node).range : undefined;
  return lines.linePos(range ? range[0] : 0);
}
