// JSON path expressions: parsing `$.a.b[0]`, `$."key with spaces"`, `$[last-1]`, `$[1 to 3]`,
// `$.*`, `$[*]`, `$**.x` and finding what they select in a document.
//
// Semantics follow MySQL 8.0: a path that selects nothing yields no match (JSON_EXTRACT then
// returns NULL); an array index applied to a non-array selects the value itself when the index
// is 0 or last (MySQL's auto-wrapping); `**` selects every descendant path. A path that does not
// parse is error 3143 with the character position where parsing failed.

import { invalidJsonPath } from '../errors.js';
import { JsonObject, type JsonNode } from './json.js';

export type ArrayIndex = { readonly fromEnd: boolean; readonly n: number };

export type PathLeg =
  | { readonly kind: 'member'; readonly key: string }
  | { readonly kind: 'memberWildcard' }
  | { readonly kind: 'index'; readonly index: ArrayIndex }
  | { readonly kind: 'range'; readonly from: ArrayIndex; readonly to: ArrayIndex }
  | { readonly kind: 'indexWildcard' }
  | { readonly kind: 'ellipsis' };

export interface JsonPath {
  readonly legs: readonly PathLeg[];
  /** Contains *, ** or a range (several matches possible). */
  readonly hasWildcard: boolean;
  readonly text: string;
}

const pathCache = new Map<string, JsonPath>();

function isIdentStart(c: string): boolean {
  return /[\p{L}\p{Nl}$_]/u.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]/u.test(c);
}

/** Parses a path; throws SqlError 3143 on a syntax error. */
export function parseJsonPath(text: string): JsonPath {
  const cached = pathCache.get(text);
  if (cached) return cached;
  const legs: PathLeg[] = [];
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && /\s/.test(text[i] as string)) i++;
  };
  const err = (): never => {
    throw invalidJsonPath(i);
  };
  ws();
  if (text[i] !== '$') err();
  i++;
  let wildcard = false;
  const readIndex = (): ArrayIndex => {
    ws();
    if (text.startsWith('last', i)) {
      i += 4;
      ws();
      if (text[i] === '-') {
        i++;
        ws();
        const s = i;
        while (i < n && /[0-9]/.test(text[i] as string)) i++;
        if (i === s) err();
        return { fromEnd: true, n: Number(text.slice(s, i)) };
      }
      return { fromEnd: true, n: 0 };
    }
    const s = i;
    while (i < n && /[0-9]/.test(text[i] as string)) i++;
    if (i === s) err();
    return { fromEnd: false, n: Number(text.slice(s, i)) };
  };
  for (;;) {
    ws();
    if (i >= n) break;
    const c = text[i];
    if (c === '.') {
      i++;
      ws();
      if (text[i] === '*') {
        i++;
        legs.push({ kind: 'memberWildcard' });
        wildcard = true;
        continue;
      }
      if (text[i] === '"') {
        // Quoted key: a JSON string literal.
        const s = i;
        i++;
        let esc = false;
        while (i < n) {
          const ch = text[i];
          if (esc) esc = false;
          else if (ch === '\\') esc = true;
          else if (ch === '"') break;
          i++;
        }
        if (i >= n) {
          i = s;
          err();
        }
        i++;
        let key: string;
        try {
          key = JSON.parse(text.slice(s, i)) as string;
        } catch {
          i = s;
          return err();
        }
        legs.push({ kind: 'member', key });
        continue;
      }
      const s = i;
      if (i < n && isIdentStart(text[i] as string)) {
        i++;
        while (i < n && isIdentPart(text[i] as string)) i++;
      }
      if (i === s) err();
      legs.push({ kind: 'member', key: text.slice(s, i) });
      continue;
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === '*') {
        i++;
        ws();
        if (text[i] !== ']') err();
        i++;
        legs.push({ kind: 'indexWildcard' });
        wildcard = true;
        continue;
      }
      const from = readIndex();
      ws();
      if (text.startsWith('to', i) && /\s/.test(text[i - 1] ?? '')) {
        i += 2;
        const to = readIndex();
        ws();
        if (text[i] !== ']') err();
        i++;
        legs.push({ kind: 'range', from, to });
        wildcard = true;
        continue;
      }
      if (text[i] !== ']') err();
      i++;
      legs.push({ kind: 'index', index: from });
      continue;
    }
    if (c === '*' && text[i + 1] === '*') {
      i += 2;
      legs.push({ kind: 'ellipsis' });
      wildcard = true;
      continue;
    }
    err();
  }
  if (legs.length > 0 && legs[legs.length - 1]?.kind === 'ellipsis') {
    throw invalidJsonPath(n);
  }
  const path: JsonPath = { legs, hasWildcard: wildcard, text };
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(text, path);
  return path;
}

function resolveIndex(ix: ArrayIndex, length: number): number {
  return ix.fromEnd ? length - 1 - ix.n : ix.n;
}

function descendants(node: JsonNode, out: JsonNode[]): void {
  out.push(node);
  if (Array.isArray(node)) for (const c of node as readonly JsonNode[]) descendants(c, out);
  else if (node instanceof JsonObject) for (const v of node.values()) descendants(v, out);
}

/** Every value the path selects, in document order. */
export function jsonPathFind(root: JsonNode, path: JsonPath): JsonNode[] {
  let current: JsonNode[] = [root];
  for (const leg of path.legs) {
    const next: JsonNode[] = [];
    for (const node of current) {
      switch (leg.kind) {
        case 'member':
          if (node instanceof JsonObject) {
            const v = node.get(leg.key);
            if (v !== undefined) next.push(v);
          }
          break;
        case 'memberWildcard':
          if (node instanceof JsonObject) next.push(...node.values());
          break;
        case 'index':
          if (Array.isArray(node)) {
            const arr = node as readonly JsonNode[];
            const k = resolveIndex(leg.index, arr.length);
            if (k >= 0 && k < arr.length) next.push(arr[k] as JsonNode);
          } else if (resolveIndex(leg.index, 1) === 0) {
            next.push(node);
          }
          break;
        case 'range': {
          const arr: readonly JsonNode[] = Array.isArray(node) ? (node as readonly JsonNode[]) : [node];
          const from = Math.max(0, resolveIndex(leg.from, arr.length));
          const to = Math.min(arr.length - 1, resolveIndex(leg.to, arr.length));
          for (let k = from; k <= to; k++) next.push(arr[k] as JsonNode);
          break;
        }
        case 'indexWildcard':
          if (Array.isArray(node)) next.push(...(node as readonly JsonNode[]));
          break;
        case 'ellipsis':
          descendants(node, next);
          break;
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}
