// Durations and sizes on the command line, written as TiKV's and PD's config files write them:
// "500ms", "2s", "30m", "1h" and "96MiB", "64KiB", "1GiB" (a bare number is ms or bytes).
import { UsageError } from './args.js';

const TIME: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE: Record<string, number> = { b: 1, kb: 1000, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

function parse(text: string, units: Record<string, number>, flag: string, example: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = (m?.[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : units[unit];
  if (!m || factor === undefined) throw new UsageError(`--${flag}: cannot read '${text}' (write it like ${example})`);
  return Math.round(Number(m[1]) * factor);
}

/** Milliseconds from "500ms", "2s", "30m", "1h" or a bare number of ms. */
export function parseDuration(text: string, flag: string): number {
  return parse(text, TIME, flag, '500ms, 2s, 30m');
}

/** Bytes from "96MiB", "64KiB", "1GiB", "10MB" or a bare number of bytes. */
export function parseSize(text: string, flag: string): number {
  return parse(text, SIZE, flag, '96MiB, 64KiB');
}
