// LOAD DATA, parsed by hand from tokens (node-sql-parser does not know it). Only the LOCAL form
// runs (the client sends the file over the connection, as TiDB requires); the server-side form
// is parsed so that it can answer a clear 1235. A SET clause or user variables in the column list
// are refused the same way.
import type { LoadData, LoadFormat } from './ast.js';
import type { Cursor } from './hand-parsers.js';
import { unsupported } from './raw.js';

export const DEFAULT_LOAD_FORMAT: LoadFormat = {
  fieldsTerminatedBy: '\t',
  enclosedBy: '',
  optionallyEnclosed: false,
  escapedBy: '\\',
  linesStartingBy: '',
  linesTerminatedBy: '\n',
};

export function parseLoadData(c: Cursor): LoadData {
  c.expect('LOAD', 'DATA');
  if (!c.accept('LOW_PRIORITY')) c.accept('CONCURRENT');
  const local = c.accept('LOCAL');
  c.expect('INFILE');
  const file = c.string();
  const duplicates = c.accept('REPLACE') ? 'replace' : c.accept('IGNORE') ? 'ignore' : 'error';
  c.expect('INTO', 'TABLE');
  const table = c.tableName();
  if (c.accept('PARTITION')) return unsupported('LOAD DATA … PARTITION');
  let charset: string | undefined;
  if (c.accept('CHARACTER', 'SET') || c.accept('CHARSET')) charset = c.name(true).toLowerCase();
  const format: { -readonly [K in keyof LoadFormat]: LoadFormat[K] } = { ...DEFAULT_LOAD_FORMAT };
  if (c.accept('FIELDS') || c.accept('COLUMNS')) {
    let any = false;
    for (;;) {
      if (c.accept('TERMINATED', 'BY')) format.fieldsTerminatedBy = c.string();
      else if (c.accept('OPTIONALLY', 'ENCLOSED', 'BY')) {
        format.enclosedBy = c.string();
        format.optionallyEnclosed = true;
      } else if (c.accept('ENCLOSED', 'BY')) format.enclosedBy = c.string();
      else if (c.accept('ESCAPED', 'BY')) format.escapedBy = c.string();
      else break;
      any = true;
    }
    if (!any) c.fail();
    if (format.enclosedBy.length > 1 || format.escapedBy.length > 1) c.fail();
  }
  if (c.accept('LINES')) {
    let any = false;
    for (;;) {
      if (c.accept('STARTING', 'BY')) format.linesStartingBy = c.string();
      else if (c.accept('TERMINATED', 'BY')) format.linesTerminatedBy = c.string();
      else break;
      any = true;
    }
    if (!any) c.fail();
  }
  let ignoreLines = 0;
  if (c.accept('IGNORE')) {
    const t = c.peek();
    if (!t || t.kind !== 'number' || !/^\d+$/.test(t.value)) return c.fail();
    c.pos++;
    ignoreLines = Number(t.value);
    if (!c.accept('LINES')) c.expect('ROWS');
  }
  const columns: string[] = [];
  if (c.acceptOp('(')) {
    if (!c.acceptOp(')')) {
      do {
        if (c.peek()?.kind === 'var') return unsupported('user variables in LOAD DATA');
        columns.push(c.name());
      } while (c.acceptOp(','));
      if (!c.acceptOp(')')) c.fail();
    }
  }
  if (c.accept('SET')) return unsupported('LOAD DATA … SET');
  c.done();
  if (format.fieldsTerminatedBy === '' && format.enclosedBy === '') return unsupported('fixed-row LOAD DATA');
  if (format.linesTerminatedBy === '') return unsupported('LOAD DATA with empty LINES TERMINATED BY');
  return { kind: 'LoadData', local, file, duplicates, table, ...(charset ? { charset } : {}), format, ignoreLines, columns };
}
