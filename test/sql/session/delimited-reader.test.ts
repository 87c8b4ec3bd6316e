// LOAD DATA's record splitter: MySQL's defaults (tab, newline, backslash escapes, \N), CSV with
// optional quotes (doubled and escaped quotes, terminators inside quotes, NULL), LINES STARTING BY,
// CRLF, and the same records whatever the chunk boundaries are (multi-byte characters included).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_FORMAT } from '../../../sql/parser/load-data.js';
import { readRecords, splitRecords, type Field } from '../../../sql/session/delimited-reader.js';
import type { LoadFormat } from '../../../sql/parser/index.js';

const CSV: LoadFormat = { ...DEFAULT_LOAD_FORMAT, fieldsTerminatedBy: ',', enclosedBy: '"', optionallyEnclosed: true, linesTerminatedBy: '\r\n' };

const all = (text: string, f: LoadFormat): Field[][] => splitRecords(text, 0, f, true).rows;

async function chunked(text: string, f: LoadFormat, size: number): Promise<Field[][]> {
  const bytes = Buffer.from(text, 'utf8');
  async function* gen(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: Field[][] = [];
  for await (const b of readRecords(gen(), f, 3)) out.push(...b);
  return out;
}

describe('LOAD DATA records', () => {
  it("reads MySQL's default format", () => {
    expect(all('1\tann\n2\t\\N\n3\ta\\tb\\nc\\\\\n', DEFAULT_LOAD_FORMAT)).toEqual([
      ['1', 'ann'],
      ['2', null],
      ['3', 'a\tb\nc\\'],
    ]);
    expect(all('1\tlast', DEFAULT_LOAD_FORMAT)).toEqual([['1', 'last']]);
  });

  it('reads CSV with optional quotes', () => {
    const text = '1,"a,b",x\r\n2,"say ""hi""",NULL\r\n3,"line\r\nbreak","\\""\r\n4,,""\r\n';
    expect(all(text, CSV)).toEqual([
      ['1', 'a,b', 'x'],
      ['2', 'say "hi"', null],
      ['3', 'line\r\nbreak', '"'],
      ['4', '', ''],
    ]);
  });

  it('skips lines without the LINES STARTING BY prefix', () => {
    const f = { ...DEFAULT_LOAD_FORMAT, fieldsTerminatedBy: ',', linesStartingBy: 'xx' };
    expect(all('xx1,a\nnoise\nyyxx2,b\n', f)).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ]);
  });

  it('gives the same records for any chunking', async () => {
    const text = '1,"añ,é",x\r\n2,"😀 ""q""",NULL\r\n3,plain,"a\r\nb"\r\n';
    const expected = all(text, CSV);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(await chunked(text, CSV, size)).toEqual(expected);
    const tsv = '1\tx\\ty\n2\t\\N\n3\tend';
    for (const size of [1, 2, 3]) expect(await chunked(tsv, DEFAULT_LOAD_FORMAT, size)).toEqual(all(tsv, DEFAULT_LOAD_FORMAT));
  });
});
