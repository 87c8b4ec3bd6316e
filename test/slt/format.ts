// Formatting result values the way sqllogictest expects them, so answers compare as text:
// NULL → "NULL"; text: empty → "(empty)", control characters → '@'; integers (type I) as whole
// numbers (fractions truncated toward zero, as the reference C runner's cast does); reals (R) with
// three decimals. Sorting and hashing follow the reference runner: rowsort sorts whole rows by
// their formatted values, valuesort sorts every value, and results longer than the hash
// threshold compare by the MD5 of the values each followed by a newline.
import { createHash } from 'node:crypto';
import type { SortMode } from './records.js';

export type SltValue = null | string | number | bigint | boolean | Uint8Array;

function asNumber(v: SltValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = typeof v === 'string' ? v : Buffer.from(v as Uint8Array).toString('utf8');
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
}

export function formatValue(v: SltValue, type: string): string {
  if (v === null) return 'NULL';
  if (type === 'I') {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim()).toString();
    const n = Math.trunc(asNumber(v));
    return Object.is(n, -0) ? '0' : n.toFixed(0);
  }
  if (type === 'R') return asNumber(v).toFixed(3).replace(/^-(0\.000)$/, '$1');
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : Buffer.from(v).toString('utf8');
  if (s === '') return '(empty)';
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, '@');
}

/** Formats rows column by column with the query's type string, then applies the sort mode;
 *  returns the flat list of values in compare order. */
export function formatRows(rows: readonly (readonly SltValue[])[], types: string, sort: SortMode): string[] {
  const formatted = rows.map((row) => row.map((v, i) => formatValue(v, types[i] ?? 'T')));
  if (sort === 'rowsort') {
    formatted.sort((a, b) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const x = a[i] as string;
        const y = b[i] as string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return a.length - b.length;
    });
  }
  const flat = formatted.flat();
  if (sort === 'valuesort') flat.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return flat;
}

export function hashValues(values: readonly string[]): string {
  const h = createHash('md5');
  for (const v of values) h.update(`${v}\n`);
  return h.digest('hex');
}
