// The sqllogictest executor over a MySQL-protocol server (`--mysql host:port`): real MySQL, to
// check the runner and the corpus' expectations, or a Strata SQL server, to check the wire layer.
// Values come back as text (the text protocol), just as the reference runner's ODBC driver sees them.
import { createConnection, type Connection } from 'mysql2/promise';
import type { SltValue } from './format.js';
import type { SltExecutor } from './runner.js';

export interface MysqlExecutor extends SltExecutor {
  close(): Promise<void>;
}

export async function mysqlExecutor(hostPort: string, database: string, user = 'root', password = ''): Promise<MysqlExecutor> {
  const [host, port] = hostPort.split(':');
  const conn: Connection = await createConnection({
    host: host || '127.0.0.1',
    port: Number(port ?? 3306),
    user,
    password,
    // Everything as strings, so numbers print exactly as the server formatted them.
    typeCast: (field, next) => (field.type === 'BLOB' || field.type === 'VAR_STRING' || field.type === 'STRING' ? field.string() : (field.string() ?? next())),
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
  });
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.query(`CREATE DATABASE \`${database}\``);
  await conn.query(`USE \`${database}\``);
  return {
    async execute(sql) {
      const [result] = await conn.query({ sql, rowsAsArray: true });
      if (!Array.isArray(result)) return undefined;
      return { rows: result as unknown as SltValue[][] };
    },
    async close() {
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
      await conn.end();
    },
  };
}
