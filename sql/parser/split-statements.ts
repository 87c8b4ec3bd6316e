// Splitting multi-statement text: the tokenizer has already consumed strings, quoted names and
// comments, so every `;` token ends a statement and a `;` inside a literal or a comment never
// does. Empty statements (`;;`, a trailing `;`) are dropped, as MySQL's client does.
import type { Token } from './lexer.js';

export interface StatementTokens {
  readonly tokens: readonly Token[];
  /** Offsets of the statement's first token and of the end of its last token. */
  readonly start: number;
  readonly end: number;
}

export function splitStatements(tokens: readonly Token[]): StatementTokens[] {
  const out: StatementTokens[] = [];
  let cur: Token[] = [];
  const flush = (): void => {
    const first = cur[0];
    const last = cur[cur.length - 1];
    if (first && last) out.push({ tokens: cur, start: first.start, end: last.end });
    cur = [];
  };
  for (const t of tokens) {
    if (t.kind === 'semicolon') flush();
    else cur.push(t);
  }
  flush();
  return out;
}
