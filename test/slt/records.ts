// Parsing sqllogictest files (SQLite's format, used by the conformance corpus in ../shared/slt)
// into records. A file is a list of records separated by blank lines:
//
//   statement ok|error           query <types> [nosort|rowsort|valuesort] [label]
//   <sql…>                       <sql…>
//                                ----
//                                <one value per line>  or  <N> values hashing to <md5>
//
// plus `hash-threshold N`, `halt`, and `skipif|onlyif <engine>` lines that condition the record
// that follows. Lines starting with '#' are comments.

export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  readonly engine: string;
}

export type Expected = { readonly kind: 'values'; readonly values: readonly string[] } | { readonly kind: 'hash'; readonly count: number; readonly md5: string };

export type SltRecord =
  | { readonly kind: 'statement'; readonly line: number; readonly conditions: readonly Condition[]; readonly expectOk: boolean; readonly sql: string }
  | {
      readonly kind: 'query';
      readonly line: number;
      readonly conditions: readonly Condition[];
      readonly types: string;
      readonly sort: SortMode;
      readonly label: string | undefined;
      readonly sql: string;
      readonly expected: Expected;
    }
  | { readonly kind: 'hash-threshold'; readonly line: number; readonly threshold: number }
  | { readonly kind: 'halt'; readonly line: number; readonly conditions: readonly Condition[] };

export class SltParseError extends Error {}

const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;

export function parseSlt(text: string): SltRecord[] {
  const lines = text.split(/\r?\n/);
  const records: SltRecord[] = [];
  let i = 0;
  let conditions: Condition[] = [];
  const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';
  while (i < lines.length) {
    const raw = lines[i] as string;
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '' || line.startsWith('#')) {
      if (line === '') conditions = [];
      i++;
      continue;
    }
    const words = line.split(/\s+/);
    const head = words[0];
    if (head === 'skipif' || head === 'onlyif') {
      conditions.push({ kind: head, engine: words[1] ?? '' });
      i++;
      continue;
    }
    if (head === 'hash-threshold') {
      records.push({ kind: 'hash-threshold', line: lineNo, threshold: Number(words[1]) });
      i++;
      continue;
    }
    if (head === 'halt') {
      records.push({ kind: 'halt', line: lineNo, conditions });
      conditions = [];
      i++;
      continue;
    }
    if (head === 'statement') {
      const expectOk = words[1] === 'ok';
      if (words[1] !== 'ok' && words[1] !== 'error') throw new SltParseError(`line ${lineNo}: statement must be 'ok' or 'error'`);
      i++;
      const sql: string[] = [];
      while (!blank(lines[i])) sql.push(lines[i++] as string);
      records.push({ kind: 'statement', line: lineNo, conditions, expectOk, sql: sql.join('\n') });
      conditions = [];
      continue;
    }
    if (head === 'query') {
      const types = words[1] ?? '';
      const sort = (words[2] ?? 'nosort') as SortMode;
      if (sort !== 'nosort' && sort !== 'rowsort' && sort !== 'valuesort') throw new SltParseError(`line ${lineNo}: unknown sort mode ${sort}`);
      const label = words[3];
      i++;
      const sql: string[] = [];
      while (!blank(lines[i]) && (lines[i] as string).trim() !== '----') sql.push(lines[i++] as string);
      const values: string[] = [];
      let expected: Expected = { kind: 'values', values };
      if ((lines[i] ?? '').trim() === '----') {
        i++;
        while (!blank(lines[i])) {
          const v = (lines[i++] as string).trim();
          const m = HASH_LINE.exec(v);
          if (m) expected = { kind: 'hash', count: Number(m[1]), md5: m[2] as string };
          else values.push(v);
        }
      }
      records.push({ kind: 'query', line: lineNo, conditions, types, sort, label, sql: sql.join('\n'), expected });
      conditions = [];
      continue;
    }
    throw new SltParseError(`line ${lineNo}: unknown record '${head}'`);
  }
  return records;
}

/** Whether a record applies to the engine under test. */
export function applies(conditions: readonly Condition[], engine: string): boolean {
  for (const c of conditions) {
    if (c.kind === 'skipif' && c.engine === engine) return false;
    if (c.kind === 'onlyif' && c.engine !== engine) return false;
  }
  return true;
}
