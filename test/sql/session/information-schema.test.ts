// information_schema as ORMs and tools query it: SCHEMATA, TABLES, COLUMNS (types, defaults,
// keys, extra), STATISTICS, KEY_COLUMN_USAGE, TABLE_CONSTRAINTS, REFERENTIAL_CONSTRAINTS, VIEWS,
// CHARACTER_SETS, COLLATIONS, ENGINES, PROCESSLIST and the variables tables — filtered, joined and
// ordered like any table — and MySQL's 1044 for any write to it.
import { beforeAll, describe, it } from 'vitest';
import { exec, runCases, useSqlFixture } from './support.js';

const fixture = useSqlFixture('isdb');

beforeAll(async () => {
  await exec(
    fixture().session,
    `CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(50) DEFAULT 'anon', score DECIMAL(8,2), created DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), UNIQUE KEY uq_email (email), KEY idx_name_score (name, score)) COMMENT 'people';
     CREATE TABLE posts (id INT PRIMARY KEY, user_id BIGINT UNSIGNED, body TEXT, CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);
     CREATE VIEW named AS SELECT id, name FROM users`,
  );
});

describe('information_schema', () => {
  it('describes databases, tables and columns', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('isdb', 'information_schema') ORDER BY 1", rows: [['information_schema', 'utf8mb3'], ['isdb', 'utf8mb4']] },
      { sql: "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'isdb' ORDER BY TABLE_NAME", rows: [['named', 'VIEW', null, 'VIEW'], ['posts', 'BASE TABLE', 'InnoDB', ''], ['users', 'BASE TABLE', 'InnoDB', 'people']] },
      {
        sql: "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLUMN_TYPE, COLUMN_KEY, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
        rows: [
          ['id', 1, null, 'NO', 'bigint', null, 20, 0, null, 'bigint unsigned', 'PRI', 'auto_increment'],
          ['email', 2, null, 'NO', 'varchar', 100, null, null, null, 'varchar(100)', 'UNI', ''],
          ['name', 3, 'anon', 'YES', 'varchar', 50, null, null, null, 'varchar(50)', 'MUL', ''],
          ['score', 4, null, 'YES', 'decimal', null, 8, 2, null, 'decimal(8,2)', '', ''],
          ['created', 5, 'CURRENT_TIMESTAMP(3)', 'YES', 'datetime', null, null, null, 3, 'datetime(3)', '', 'DEFAULT_GENERATED'],
        ],
      },
      { sql: "SELECT t.TABLE_NAME, COUNT(*) FROM information_schema.TABLES t JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA = 'isdb' GROUP BY t.TABLE_NAME ORDER BY t.TABLE_NAME", rows: [['named', 2], ['posts', 3], ['users', 5]] },
    ]);
  });

  it('describes indexes and constraints', async () => {
    await runCases(fixture().session, [
      {
        sql: "SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, NULLABLE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'isdb' AND TABLE_NAME = 'users' ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX",
        rows: [
          ['PRIMARY', 0, 1, 'id', ''],
          ['idx_name_score', 1, 1, 'name', 'YES'],
          ['idx_name_score', 1, 2, 'score', 'YES'],
          ['uq_email', 0, 1, 'email', ''],
        ],
      },
      { sql: "SELECT CONSTRAINT_NAME, TABLE_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'isdb' ORDER BY TABLE_NAME, CONSTRAINT_NAME", rows: [['fk_user', 'posts', 'FOREIGN KEY'], ['PRIMARY', 'posts', 'PRIMARY KEY'], ['PRIMARY', 'users', 'PRIMARY KEY'], ['uq_email', 'users', 'UNIQUE']] },
      { sql: "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'isdb' AND REFERENCED_TABLE_NAME IS NOT NULL", rows: [['fk_user', 'user_id', 'users', 'id']] },
      { sql: "SELECT CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'isdb'", rows: [['fk_user', 'CASCADE', 'NO ACTION', 'users']] },
      { sql: "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'isdb'", rows: [['named', 'SELECT id, name FROM users', 'NONE']] },
    ]);
  });

  it('lists the server: charsets, collations, engines, sessions, variables', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT DEFAULT_COLLATE_NAME, MAXLEN FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'", rows: [['utf8mb4_bin', 4]] },
      { sql: "SELECT CHARACTER_SET_NAME, ID FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_ai_ci'", rows: [['utf8mb4', 255]] },
      { sql: 'SELECT ENGINE, SUPPORT FROM information_schema.ENGINES', rows: [['InnoDB', 'DEFAULT']] },
      { sql: 'SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID() AND DB = DATABASE()', rows: [[1]] },
      { sql: "SELECT VARIABLE_VALUE FROM information_schema.SESSION_VARIABLES WHERE VARIABLE_NAME = 'AUTOCOMMIT'", rows: [['ON']] },
      { sql: "SELECT COUNT(*) > 10 FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME LIKE 'CHARACTER_SET%' OR VARIABLE_NAME LIKE 'COLLATION%' OR VARIABLE_NAME LIKE '%TIMEOUT%'", rows: [[1]] },
    ]);
  });

  it('shows the cluster: stores, regions and their peers, and every process', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT COUNT(*), MIN(STORE_STATE_NAME), MIN(LIVENESS), SUM(REGION_COUNT) > 0 FROM information_schema.TIKV_STORE_STATUS', rows: [[1, 'Up', 'up', 1]] },
      { sql: 'SELECT COUNT(*) > 0, SUM(LEADER_STORE_ID IS NULL) FROM information_schema.TIKV_REGION_STATUS', rows: [[1, '0']] },
      {
        sql: 'SELECT COUNT(*) FROM information_schema.TIKV_REGION_STATUS r JOIN information_schema.TIKV_REGION_PEERS p ON p.REGION_ID = r.REGION_ID AND p.IS_LEADER = 1 WHERE p.STORE_ID <> r.LEADER_STORE_ID',
        rows: [[0]],
      },
      { sql: "SELECT MIN(START_KEY) FROM information_schema.TIKV_REGION_STATUS WHERE START_KEY = ''", rows: [['']] },
      { sql: 'SELECT TYPE, COUNT(*) FROM information_schema.CLUSTER_INFO GROUP BY TYPE ORDER BY TYPE', rows: [['pd', 1], ['tidb', 1], ['tikv', 1]] },
      { sql: "SELECT VERSION = VERSION() FROM information_schema.CLUSTER_INFO WHERE TYPE = 'tidb'", rows: [[1]] },
    ]);
  });

  it('is a database clients can use and describe, and takes no writes', async () => {
    const f = fixture();
    const other = await f.openSession();
    await runCases(other, [
      { sql: 'USE information_schema', affected: 0 },
      { sql: "SHOW TABLES LIKE 'SCHEMA%'", rows: [['SCHEMATA']] },
      { sql: "SELECT COUNT(*) FROM TABLES WHERE TABLE_SCHEMA = 'isdb'", rows: [[3]] },
      { sql: "SHOW COLUMNS FROM ENGINES LIKE 'ENG%'", rows: [['ENGINE', 'varchar(64)', 'NO', '', null, '']] },
      { sql: "INSERT INTO TABLES (TABLE_NAME) VALUES ('x')", error: 1044, message: "Access denied for user 'root'@'localhost' to database 'information_schema'" },
      { sql: 'CREATE TABLE t (a INT)', error: 1044 },
      { sql: 'DROP DATABASE information_schema', error: 1044 },
      { sql: 'CREATE DATABASE information_schema', error: 1044 },
      { sql: 'DROP TABLE isdb.users, information_schema.TABLES', error: 1044 },
      { sql: 'SELECT COUNT(*) FROM isdb.users', rows: [[0]] },
    ]);
  });
});
