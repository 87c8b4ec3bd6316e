// JSON values: MySQL's parse errors and positions, printing (spacing, key order), paths, order.
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { JsonObject, JsonValue, compareJson, jsonHashKey, jsonTypeName, parseJson, type JsonNode } from '../../../sql/types/json.js';
import { jsonPathFind, parseJsonPath } from '../../../sql/types/json-path.js';
import { SqlError } from '../../../sql/errors.js';

const j = (text: string): JsonNode => JsonValue.parse(text).node;
const print = (text: string): string => JsonValue.parse(text).toString();

describe('JSON text round trip as MySQL prints it', () => {
  it.each([
    ['{"b":[1,2],"a":1}', '{"a": 1, "b": [1, 2]}'],
    ['{"bb":1,"a":2,"c":3}', '{"a": 2, "c": 3, "bb": 1}'],
    ['[1.0, 2.5, -0.0]', '[1.0, 2.5, -0.0]'],
    ['  [ ]  ', '[]'],
    ['{}', '{}'],
    ['"a\\"b\\\\c\\n\\u0001"', '"a\\"b\\\\c\\n\\u0001"'],
    ['"\\u00e9\\ud83d\\ude00"', '"é😀"'],
    ['[true,false,null]', '[true, false, null]'],
    ['18446744073709551615', '18446744073709551615'],
    ['1e2', '100.0'],
    ['{"a":1,"a":2}', '{"a": 2}'],
  ])('%s prints as %s', (input, output) => {
    expect(print(input)).toBe(output);
  });

  it.each([
    ['', 'The document is empty.', 0],
    ['{a}', 'Missing a name for object member.', 1],
    ['{"a" 1}', 'Missing a colon after a name of object member.', 5],
    ['{"a":1', "Missing a comma or '}' after an object member.", 6],
    ['[1 2]', "Missing a comma or ']' after an array element.", 3],
    ['[1,]', 'Invalid value.', 3],
    ['tru', 'Invalid value.', 0],
    ['"abc', 'Missing a closing quotation mark in string.', 4],
    ['1 2', 'The document root must not be followed by other values.', 2],
    ['1.', 'Miss fraction part in number.', 2],
    ['"\\x"', 'Invalid escape character in string.', 1],
    ['1e400', 'Number too big to be stored in double.', 0],
  ])('rejects %j with "%s" at %d', (text, message, position) => {
    expect(parseJson(text)).toEqual({ ok: false, message, position });
  });

  it('types values like JSON_TYPE', () => {
    expect(jsonTypeName(j('1'))).toBe('INTEGER');
    expect(jsonTypeName(j('18446744073709551615'))).toBe('UNSIGNED INTEGER');
    expect(jsonTypeName(j('1.5'))).toBe('DOUBLE');
    expect(jsonTypeName(Decimal.fromString('1.5'))).toBe('DECIMAL');
    expect(jsonTypeName(j('"x"'))).toBe('STRING');
    expect(jsonTypeName(j('{}'))).toBe('OBJECT');
    expect(jsonTypeName(j('[]'))).toBe('ARRAY');
    expect(jsonTypeName(j('null'))).toBe('NULL');
    expect(jsonTypeName(j('true'))).toBe('BOOLEAN');
    expect(jsonTypeName(DateTime.of(2024, 1, 2, 3, 4, 5))).toBe('DATETIME');
  });

  it('prints temporal scalars with six fraction digits', () => {
    expect(new JsonValue([DateTime.of(2024, 1, 2, 3, 4, 5), DateTime.date(2024, 1, 2)]).toString()).toBe('["2024-01-02 03:04:05.000000", "2024-01-02"]');
  });
});

describe('JSON paths', () => {
  const doc = j('{"a": {"b": [10, 20, {"c": "x"}]}, "key with space": 1, "d": [1, [2, 3]]}');
  const find = (path: string): string[] => jsonPathFind(doc, parseJsonPath(path)).map((n) => new JsonValue(n).toString());
  it.each([
    ['$.a.b[0]', ['10']],
    ['$.a.b[last]', ['{"c": "x"}']],
    ['$.a.b[last-1]', ['20']],
    ['$.a.b[2].c', ['"x"']],
    ['$."key with space"', ['1']],
    ['$.a.b[5]', []],
    ['$.missing', []],
    ['$.a.b[0 to 1]', ['10', '20']],
    ['$.d[*]', ['1', '[2, 3]']],
    ['$.a.*', ['[10, 20, {"c": "x"}]']],
    ['$**.c', ['"x"']],
    ['$.a.b[0][0]', ['10']],
    ['$', ['{"a": {"b": [10, 20, {"c": "x"}]}, "d": [1, [2, 3]], "key with space": 1}']],
  ])('%s selects %j', (path, expected) => {
    expect(find(path)).toEqual(expected);
  });

  it.each([
    ['a', 0],
    ['$.', 2],
    ['$[', 2],
    ['$[1', 3],
    ['$.a[x]', 4],
    ['$**', 3],
  ])('rejects %j with error 3143 at position %d', (path, position) => {
    try {
      parseJsonPath(path);
      expect.unreachable();
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(SqlError);
      expect((e as SqlError).mysqlErrno).toBe(3143);
      expect((e as SqlError).message).toBe(`Invalid JSON path expression. The error is around character position ${position}.`);
    }
  });
});

describe('JSON comparison and hashing', () => {
  it('orders by type precedence, then by value', () => {
    const ordered = ['null', '-1', '1.5', '2', '"a"', '"b"', '{}', '[]', '[1]', 'false', 'true'].map(j);
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareJson(ordered[i] as JsonNode, ordered[i + 1] as JsonNode)).toBeLessThan(0);
    }
  });

  it('compares integers, doubles and decimals numerically', () => {
    expect(compareJson(j('1'), j('1.0'))).toBe(0);
    expect(compareJson(Decimal.fromString('1.50'), j('1.5'))).toBe(0);
    expect(compareJson(j('9007199254740993'), j('9007199254740992.0'))).toBe(1);
    expect(jsonHashKey(j('1'))).toBe(jsonHashKey(j('1.0')));
  });

  it('compares objects by members regardless of input order', () => {
    expect(compareJson(j('{"a":1,"b":2}'), j('{"b":2,"a":1}'))).toBe(0);
    expect(compareJson(j('{"a":1}'), j('{"a":2}'))).not.toBe(0);
  });

  it('keeps object keys sorted by length then bytes', () => {
    expect(JsonObject.from([['bb', 1n], ['a', 2n], ['ab', 3n]]).keys()).toEqual(['a', 'ab', 'bb']);
  });
});
