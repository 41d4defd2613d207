import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { validateConfigText } from '../validate';

const root = new URL('file://' + __dirname + '/../../../');
const schema = JSON.parse(readFileSync(new URL('ingestion_config/config.schema.json', root), 'utf8'));

test('the project configs are valid and summarised', () => {
  const text = readFileSync(new URL('ingestion_config/reviews.yaml', root), 'utf8');
  const c = validateConfigText('ingestion_config/reviews.yaml', text, schema);
  assert.deepEqual(c.problems, []);
  assert.equal(c.name, 'reviews');
  assert.equal(c.source, 'json data/sample/reviews.jsonl');
  assert.equal(c.sink, 'delta data/output/reviews');
  assert.equal(c.schedule, '0 2 * * *');
  assert.deepEqual(c.steps.map(s => Object.keys(s)[0]), ['mask_words', 'dedupe', 'filter']);
});

test('a schema error is reported at the offending value line and column', () => {
  const text = 'name: x\nsource:\n  format: json\n  path: in.jsonl\nsink:\n  format: delta\n  path: out\n  mode: upsert\n';
  const c = validateConfigText('x.yaml', text, schema);
  assert.ok(c.problems.length >= 1, JSON.stringify(c.problems));
  assert.ok(c.problems.some(p => p.line === 8 && p.col === 9), JSON.stringify(c.problems));
});

test('an unknown key is reported at the key', () => {
  const c = validateConfigText('x.yaml', 'name: x\ndescripton: d\nsource: {format: json, path: a}\nsink: {format: delta, path: b}\n', schema);
  assert.deepEqual(c.problems.map(p => [p.line, p.col, p.message]), [[2, 1, "unknown key 'descripton'"]]);
});

test('text that is not YAML is flagged at the line of the syntax error', () => {
  const c = validateConfigText('x.yaml', 'name: x\nsource:\n  format: [json\n  path: a\n', schema);
  assert.equal(c.problems.length >= 1, true);
  assert.match(c.problems[0].message, /not valid YAML/);
  assert.ok(c.problems[0].line >= 3, JSON.stringify(c.problems));
  assert.equal(c.name, 'x', 'falls back to the file name');
});

test('a one-target sink with a bad mode gets one problem, not the list branch too', () => {
  const text = 'name: x\nsource: {format: json, path: a}\nsink:\n  format: delta\n  mode: upsert\n  path: o\n';
  const c = validateConfigText('x.yaml', text, schema);
  assert.deepEqual(c.problems.map(p => [p.line, p.col]), [[5, 9]], JSON.stringify(c.problems));
  assert.match(c.problems[0].message, /^sink\.mode: must be one of append, overwrite, merge/);
});
