// Defensive readers over node-sql-parser's untyped output.
//
// node-sql-parser returns plain JSON-like objects without usable types; everything it gives is
// `unknown` here and read only through these helpers, so a shape the converters did not expect
// becomes an `unsupported` error (1235) instead of a crash or an `any` leaking into the AST.
import { notSupported } from '../errors.js';

export type RawObject = Readonly<Record<string, unknown>>;

export function isObj(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): RawObject | undefined {
  return isObj(v) ? v : undefined;
}

export function field(v: unknown, key: string): unknown {
  return isObj(v) ? v[key] : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function strField(v: unknown, key: string): string | undefined {
  return str(field(v, key));
}

export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? (v as readonly unknown[]) : [];
}

export function arrField(v: unknown, key: string): readonly unknown[] {
  return arr(field(v, key));
}

/** A name that node-sql-parser gives as a string or as `{ type, value }` / `{ expr: { value } }`. */
export function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!isObj(v)) return undefined;
  const value = v['value'];
  if (typeof value === 'string') return value;
  if (isObj(v['expr'])) return nameOf(v['expr']);
  const name = v['name'];
  if (typeof name === 'string') return name;
  if (Array.isArray(name)) return name.map((p) => nameOf(p) ?? '').join('.');
  if (isObj(name)) return nameOf(name);
  const column = v['column'];
  if (column !== undefined) return nameOf(column);
  return undefined;
}

/** Throws 1235 naming what was not understood. */
export function unsupported(what: string): never {
  throw notSupported(what);
}

/** A short description of a raw node for error messages. */
export function describe(v: unknown): string {
  if (isObj(v)) {
    const t = v['type'];
    const op = v['operator'];
    return [typeof t === 'string' ? t : 'node', typeof op === 'string' ? op : ''].filter(Boolean).join(' ');
  }
  return typeof v;
}
