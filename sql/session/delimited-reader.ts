// The record splitter of LOAD DATA: turns a stream of bytes into rows of fields by the
// statement's FIELDS / LINES options, as MySQL reads them. Streaming, so a file of any size is
// read with memory bounded by one chunk plus one unfinished record:
//   - a line must begin with LINES STARTING BY (lines without it are skipped) and ends at LINES
//     TERMINATED BY; fields end at FIELDS TERMINATED BY;
//   - a field may be wrapped in ENCLOSED BY; inside, a doubled enclosing character or an escaped
//     one stands for itself, and terminators are plain text;
//   - ESCAPED BY c: c0 c b c n c r c t c Z are NUL, backspace, newline, return, tab and ^Z, cN
//     alone is NULL, c followed by anything else is that character;
//   - with ENCLOSED BY, an unenclosed NULL is NULL too.
import type { LoadFormat } from '../parser/index.js';

export type Field = string | null;

const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

function unescape(raw: string, esc: string): string {
  if (!raw.includes(esc)) return raw;
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k] as string;
    if (ch === esc && k + 1 < raw.length) {
      const nx = raw[++k] as string;
      out += ESCAPES[nx] ?? nx;
    } else out += ch;
  }
  return out;
}

/** Splits `text[from…]` into records; returns them and where the unfinished remainder starts
 *  (`final`: the input has ended, so the remainder is a last record without its terminator). */
export function splitRecords(text: string, from: number, f: LoadFormat, final: boolean): { rows: Field[][]; rest: number } {
  const rows: Field[][] = [];
  const ft = f.fieldsTerminatedBy;
  const lt = f.linesTerminatedBy;
  const enc = f.enclosedBy;
  const esc = f.escapedBy;
  let i = from;
  for (;;) {
    const recordStart = i;
    if (i >= text.length) return { rows, rest: i };
    // LINES STARTING BY: skip to the prefix (a line without it is skipped whole).
    if (f.linesStartingBy !== '') {
      const at = text.indexOf(f.linesStartingBy, i);
      if (at < 0) return { rows, rest: final ? text.length : Math.max(i, text.length - f.linesStartingBy.length + 1) };
      i = at + f.linesStartingBy.length;
    }
    const fields: Field[] = [];
    let complete = false;
    for (;;) {
      // One field.
      let value = '';
      let quoted = false;
      let escapedNull = false;
      let parts = 0;
      if (enc !== '' && text.startsWith(enc, i)) {
        quoted = true;
        i += enc.length;
        let closed = false;
        while (i < text.length) {
          const ch = text[i] as string;
          if (esc !== '' && ch === esc) {
            if (i + 1 >= text.length) break;
            const nx = text[i + 1] as string;
            value += ESCAPES[nx] ?? nx;
            i += 2;
            continue;
          }
          if (text.startsWith(enc, i)) {
            if (text.startsWith(enc, i + enc.length)) {
              value += enc;
              i += 2 * enc.length;
              continue;
            }
            // The closing quote counts only before a terminator (or the end of input).
            const after = i + enc.length;
            if (text.startsWith(ft, after) || text.startsWith(lt, after) || (after >= text.length && final)) {
              i = after;
              closed = true;
              break;
            }
            if (after >= text.length) break; // need more input to decide
          }
          value += ch;
          i++;
        }
        if (!closed) {
          if (!final) return { rows, rest: recordStart };
        }
      } else {
        const fieldStart = i;
        while (i < text.length) {
          if (text.startsWith(ft, i) || text.startsWith(lt, i)) break;
          // A terminator may be cut at the chunk's end: wait for more input.
          if (!final && i + Math.max(ft.length, lt.length) > text.length && (ft.startsWith(text.slice(i)) || lt.startsWith(text.slice(i)))) {
            return { rows, rest: recordStart };
          }
          // An escaped character never ends the field.
          i += esc !== '' && text[i] === esc ? 2 : 1;
        }
        if (i >= text.length && !final) return { rows, rest: recordStart };
        if (i > text.length) i = text.length;
        const raw = text.slice(fieldStart, i);
        if (esc !== '' && raw === `${esc}N`) escapedNull = true;
        value = esc === '' ? raw : unescape(raw, esc);
        parts = 1;
      }
      let field: Field = value;
      if (!quoted && escapedNull) field = null;
      else if (!quoted && enc !== '' && value === 'NULL' && parts > 0) field = null;
      fields.push(field);
      if (text.startsWith(ft, i) && ft !== '') {
        i += ft.length;
        continue;
      }
      if (text.startsWith(lt, i)) {
        i += lt.length;
        complete = true;
      } else if (i >= text.length) {
        complete = true; // the last record of the input has no terminator
      }
      break;
    }
    if (!complete) {
      // Junk after a closing quote: MySQL takes it up to the next terminator; so do we.
      const next = text.indexOf(lt, i);
      if (next < 0) {
        if (!final) return { rows, rest: recordStart };
        i = text.length;
      } else i = next + lt.length;
    }
    rows.push(fields);
  }
}

/** Records of a byte stream (UTF-8), `batchSize` at a time. */
export async function* readRecords(chunks: AsyncIterable<Uint8Array>, f: LoadFormat, batchSize = 1000): AsyncGenerator<Field[][]> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let out: Field[][] = [];
  for await (const chunk of chunks) {
    text += decoder.decode(chunk, { stream: true });
    const { rows, rest } = splitRecords(text, 0, f, false);
    text = text.slice(rest);
    for (const r of rows) {
      out.push(r);
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
    }
  }
  text += decoder.decode();
  const { rows } = splitRecords(text, 0, f, true);
  out.push(...rows);
  if (out.length) yield out;
}
