// JSON functions: extraction with paths, ->/->>, construction, types, validity, modification,
// and MySQL's error codes for bad documents and paths.
import { describe, expect, it } from 'vitest';
import { T } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { JsonValue } from '../../../sql/types/json.js';
import { bindFunction } from '../../../sql/expr/index.js';
import type { Value } from '../../../sql/types/value.js';
import { ctxOf, failure, run, show } from './helpers.js';

const doc = '{"id": 14, "name": "Aztalan", "tags": ["a", "b"], "nested": {"x": [1, {"y": null}]}, "k e y": true}';
const j = JsonValue.parse(doc);

describe('JSON_EXTRACT and the arrow operators', () => {
  it.each<[Value[], string]>([
    [[j, '$.id'], '14'],
    [[j, '$.name'], '"Aztalan"'],
    [[j, '$.tags[1]'], '"b"'],
    [[j, '$.tags[last]'], '"b"'],
    [[j, '$.nested.x[1].y'], 'null'],
    [[j, '$."k e y"'], 'true'],
    [[j, '$.missing'], 'NULL'],
    [[j, '$.tags[*]'], '["a", "b"]'],
    [[j, '$.id', '$.name'], '[14, "Aztalan"]'],
    [[j, '$.missing', '$.id'], '[14]'],
    [[j, '$**.y'], '[null]'],
    [[doc, '$.id'], '14'],
    [['[10, 20, [30, 40]]', '$[2][*]'], '[30, 40]'],
    [[null, '$.a'], 'NULL'],
    [[j, null], 'NULL'],
  ])('JSON_EXTRACT(%o) = %s', (args, out) => {
    expect(show('json_extract', ...args)).toBe(out);
  });

  it('-> is JSON_EXTRACT and ->> unquotes', () => {
    expect(show('->', j, '$.name')).toBe('"Aztalan"');
    expect(show('->>', j, '$.name')).toBe('Aztalan');
    expect(show('->>', j, '$.tags')).toBe('["a", "b"]');
    expect(show('->>', j, '$.missing')).toBe('NULL');
  });

  it('rejects invalid documents with 3141 and bad paths with 3143', () => {
    expect(failure('json_extract', ['{"a": 1', '$.a'])).toBe(
      `3141 (22032): Invalid JSON text in argument 1 to function json_extract: "Missing a comma or '}' after an object member." at position 7.`,
    );
    expect(failure('json_extract', [j, '$.'])).toBe('3143 (42000): Invalid JSON path expression. The error is around character position 2.');
    expect(failure('json_extract', [5n, '$'])).toBe(
      '3146 (22032): Invalid data type for JSON data in argument 1 to function json_extract; a JSON string or JSON type is required.',
    );
  });
});

describe('JSON_UNQUOTE and JSON_QUOTE', () => {
  it.each<[Value, string]>([
    ['"abc"', 'abc'],
    ['"\\t\\u0032"', '\t2'],
    ['[1, 2]', '[1, 2]'],
    ['abc', 'abc'],
    [JsonValue.parse('"x\\"y"'), 'x"y'],
    [null, 'NULL'],
  ])('JSON_UNQUOTE(%o) = %j', (v, out) => {
    expect(show('json_unquote', v)).toBe(out);
  });

  it('quotes strings as JSON', () => {
    expect(show('json_quote', 'null')).toBe('"null"');
    expect(show('json_quote', '"null"')).toBe('"\\"null\\""');
    expect(show('json_quote', '[1, 2, 3]')).toBe('"[1, 2, 3]"');
  });
});

describe('construction', () => {
  it.each<[string, Value[], string]>([
    ['json_object', ['id', 87n, 'name', 'carrot'], '{"id": 87, "name": "carrot"}'],
    ['json_object', [], '{}'],
    ['json_object', ['b', 1n, 'a', 2n, 'b', 3n], '{"a": 2, "b": 3}'],
    ['json_array', [1n, 'abc', null, Decimal.fromString('1.50'), 2.0], '[1, "abc", null, 1.50, 2.0]'],
    ['json_array', [DateTime.of(2024, 1, 2, 3, 4, 5)], '["2024-01-02 03:04:05.000000"]'],
    ['json_array', [JsonValue.parse('[1]')], '[[1]]'],
    ['json_array', ['[1]'], '["[1]"]'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });

  it('turns comparison results into JSON booleans', () => {
    expect(String(bindFunction('json_array', [T.bool()]).eval([1n], ctxOf()))).toBe('[true]');
  });

  it('rejects an odd argument count and NULL keys', () => {
    expect(failure('json_object', ['a'])).toBe("1582 (42000): Incorrect parameter count in the call to native function 'json_object'");
    expect(failure('json_object', [null, 1n])).toBe('3158 (22032): JSON documents may not contain NULL member names.');
  });
});

describe('JSON_TYPE, JSON_VALID, JSON_LENGTH, JSON_DEPTH, JSON_KEYS, JSON_CONTAINS', () => {
  it.each<[string, Value[], string]>([
    ['json_type', ['{"a": [10, true]}'], 'OBJECT'],
    ['json_type', ['[10, true]'], 'ARRAY'],
    ['json_type', ['1'], 'INTEGER'],
    ['json_type', ['1.5'], 'DOUBLE'],
    ['json_type', ['"x"'], 'STRING'],
    ['json_type', ['null'], 'NULL'],
    ['json_type', [null], 'NULL'],
    ['json_valid', ['{"a": 1}'], '1'],
    ['json_valid', ['hello'], '0'],
    ['json_valid', ['"hello"'], '1'],
    ['json_valid', [null], 'NULL'],
    ['json_valid', [5n], '0'],
    ['json_length', ['[1, 2, {"a": 3}]'], '3'],
    ['json_length', ['{"a": 1, "b": {"c": 30}}'], '2'],
    ['json_length', ['{"a": 1, "b": {"c": 30}}', '$.b'], '1'],
    ['json_length', ['{"a": 1}', '$.x'], 'NULL'],
    ['json_length', ['7'], '1'],
    ['json_depth', ['{}'], '1'],
    ['json_depth', ['[10, {"a": 20}]'], '3'],
    ['json_keys', ['{"a": 1, "b": {"c": 30}}'], '["a", "b"]'],
    ['json_keys', ['{"a": 1, "b": {"c": 30}}', '$.b'], '["c"]'],
    ['json_keys', ['[1]'], 'NULL'],
    ['json_contains', ['{"a": 1, "b": 2, "c": {"d": 4}}', '1', '$.a'], '1'],
    ['json_contains', ['{"a": 1, "b": 2, "c": {"d": 4}}', '1', '$.b'], '0'],
    ['json_contains', ['{"a": 1, "b": 2, "c": {"d": 4}}', '{"d": 4}', '$.a'], '0'],
    ['json_contains', ['{"a": 1, "b": 2, "c": {"d": 4}}', '{"d": 4}', '$.c'], '1'],
    ['json_contains', ['[1, 2, [3, 4]]', '[1, 3]'], '1'],
    ['json_contains_path', ['{"a": 1, "b": 2}', 'one', '$.a', '$.e'], '1'],
    ['json_contains_path', ['{"a": 1, "b": 2}', 'all', '$.a', '$.e'], '0'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });
});

describe('JSON_SET, JSON_INSERT, JSON_REPLACE, JSON_REMOVE', () => {
  const base = '{ "a": 1, "b": [2, 3]}';
  it.each<[string, Value[], string]>([
    ['json_set', [base, '$.a', 10n, '$.c', '[true, false]'], '{"a": 10, "b": [2, 3], "c": "[true, false]"}'],
    ['json_insert', [base, '$.a', 10n, '$.c', '[true, false]'], '{"a": 1, "b": [2, 3], "c": "[true, false]"}'],
    ['json_replace', [base, '$.a', 10n, '$.c', '[true, false]'], '{"a": 10, "b": [2, 3]}'],
    ['json_set', [base, '$.b[5]', 4n], '{"a": 1, "b": [2, 3, 4]}'],
    ['json_set', ['1', '$[0]', 2n], '2'],
    ['json_set', ['1', '$[1]', 2n], '[1, 2]'],
    ['json_remove', ['["a", ["b", "c"], "d"]', '$[1]'], '["a", "d"]'],
    ['json_remove', [base, '$.b[0]', '$.a'], '{"b": [3]}'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });

  it('refuses wildcards in modification paths', () => {
    expect(failure('json_set', [base, '$.*', 1n])).toBe(
      '3149 (42000): In this situation, path expressions may not contain the * and ** tokens or an array range.',
    );
  });

  it('returns JSON typed results', () => {
    expect(run('json_set', [base, '$.a', 1n]).type.kind).toBe('json');
  });
});
