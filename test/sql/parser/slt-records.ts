// Reads the SQL of sqllogictest records: every `statement` / `query` record's text, leaving
// out the records MySQL would not run (`skipif mysql`, `onlyif <other engine>`) as the slt
// runner does. Plain module (no vitest), so scripts can measure parse rates with it too.

/** The SQL of every statement/query record of an slt file that MySQL would run. */
export function sltStatements(text: string): string[] {
  const out: string[] = [];
  for (const rec of text.split(/\n\s*\n/)) {
    const lines = rec.split('\n').filter((l) => !l.startsWith('#'));
    let skip = false;
    let i = 0;
    for (; i < lines.length; i++) {
      const l = (lines[i] as string).trim();
      const cond = /^(skipif|onlyif)\s+(\S+)/.exec(l);
      if (!cond) break;
      if ((cond[1] === 'skipif' && cond[2] === 'mysql') || (cond[1] === 'onlyif' && cond[2] !== 'mysql')) skip = true;
    }
    const head = (lines[i] ?? '').trim();
    if (skip || !(head.startsWith('statement') || head.startsWith('query'))) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim() === '----') break;
      body.push(l);
    }
    const sql = body.join('\n').trim();
    if (sql) out.push(sql);
  }
  return out;
}
