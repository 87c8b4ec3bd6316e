// knex (the real npm package, over its mysql2 client) against a real deployment: the schema
// builder and its introspection (hasTable, hasColumn, columnInfo), migrations up and down from a
// directory of migration files, query-builder CRUD, joins and aggregates, and transactions
// (commit, rollback, and a nested transaction on a savepoint).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

let server: SqlTestServer;
let db: Knex;
let migrations: string;

beforeAll(async () => {
  server = await SqlTestServer.start();
  const admin = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port: server.port, user: 'root' } });
  try {
    await admin.raw('CREATE DATABASE kx');
  } finally {
    await admin.destroy();
  }
  db = knexFactory({
    client: 'mysql2',
    connection: { host: '127.0.0.1', port: server.port, user: 'root', database: 'kx', supportBigNumbers: true, dateStrings: true },
    pool: { min: 0, max: 4 },
  });
  migrations = mkdtempSync(join(tmpdir(), 'strata-knex-migrations-'));
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  if (migrations) rmSync(migrations, { recursive: true, force: true });
  await server?.stop();
}, 60_000);

describe('knex', () => {
  it('creates tables with the schema builder: increments, string, integer, decimal, boolean, timestamps, index, unique, foreign', async () => {
    await db.schema.createTable('authors', (t) => {
      t.increments('id');
      t.string('name').notNullable();
      t.string('email', 120).unique();
      t.integer('age').unsigned();
      t.decimal('balance', 10, 2).notNullable().defaultTo(0);
      t.boolean('active').notNullable().defaultTo(true);
      t.timestamps(true, true);
      t.index(['name'], 'authors_name_idx');
    });
    await db.schema.createTable('books', (t) => {
      t.increments('id');
      t.string('title', 200).notNullable();
      t.integer('pages');
      t.integer('author_id').unsigned().notNullable().references('id').inTable('authors').onDelete('CASCADE');
    });
    expect(await db.schema.hasTable('authors')).toBe(true);
    expect(await db.schema.hasTable('nope')).toBe(false);
    expect(await db.schema.hasColumn('authors', 'balance')).toBe(true);
    expect(await db.schema.hasColumn('authors', 'nope')).toBe(false);
    const info = await db('authors').columnInfo();
    expect(info['id']).toEqual({ type: 'int', maxLength: null, nullable: false, defaultValue: null });
    expect(info['name']).toEqual({ type: 'varchar', maxLength: 255, nullable: false, defaultValue: null });
    expect(info['email']).toMatchObject({ type: 'varchar', maxLength: 120, nullable: true });
    expect(info['balance']).toMatchObject({ type: 'decimal', nullable: false, defaultValue: '0.00' });
    expect(info['active']).toMatchObject({ type: 'tinyint', nullable: false, defaultValue: '1' });
    expect(info['created_at']).toMatchObject({ type: 'timestamp', nullable: false, defaultValue: 'CURRENT_TIMESTAMP' });

    const [show] = (await db.raw('SHOW CREATE TABLE books')) as [{ 'Create Table': string }[]];
    const ddl = show[0]?.['Create Table'] ?? '';
    expect(ddl).toContain('`id` int unsigned NOT NULL AUTO_INCREMENT');
    expect(ddl).toContain('FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE');
    const [keys] = (await db.raw("SELECT index_name AS name, non_unique AS nu FROM information_schema.statistics WHERE table_schema = 'kx' AND table_name = 'authors' ORDER BY index_name")) as [{ name: string; nu: number }[]];
    expect(keys.map((k) => [k.name, k.nu])).toEqual([
      ['authors_email_unique', 0],
      ['authors_name_idx', 1],
      ['PRIMARY', 0],
    ]);
  });

  it('inserts (ids returned), selects with where / orderBy / limit, updates, counts, joins and deletes with the query builder', async () => {
    const [ann] = await db('authors').insert({ name: 'Ann', email: 'ann@example.com', age: 41, balance: '12.50' });
    const [bob] = await db('authors').insert({ name: "Bob O'Neil", email: 'bob@example.com', age: 29, active: false });
    expect(ann).toBe(1);
    expect(bob).toBe(2);
    await db('books').insert([
      { title: 'First', pages: 120, author_id: ann },
      { title: 'Second', pages: 300, author_id: ann },
      { title: 'Third', pages: null, author_id: bob },
    ]);

    const young = await db('authors').select('id', 'name', 'balance', 'active').where('age', '<', 40).orderBy('name');
    expect(young).toEqual([{ id: 2, name: "Bob O'Neil", balance: '0.00', active: 0 }]);
    const page = await db('books').select('title').whereNotNull('pages').orderBy('pages', 'desc').limit(1).offset(0);
    expect(page).toEqual([{ title: 'Second' }]);
    const found = await db('authors').where({ email: 'ann@example.com' }).first();
    expect(found).toMatchObject({ id: 1, name: 'Ann', age: 41, balance: '12.50', active: 1 });
    expect(found.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    expect(await db('authors').where('id', bob).update({ balance: db.raw('balance + ?', [5]), active: true })).toBe(1);
    expect(await db('authors').where('id', bob).first('balance', 'active')).toEqual({ balance: '5.00', active: 1 });

    expect(await db('books').count('* as n')).toEqual([{ n: 3 }]);
    const perAuthor = await db('authors as a')
      .join('books as b', 'b.author_id', 'a.id')
      .select('a.name')
      .count('b.id as books')
      .sum('b.pages as pages')
      .groupBy('a.id', 'a.name')
      .orderBy('a.name');
    expect(perAuthor).toEqual([
      { name: 'Ann', books: 2, pages: '420' },
      { name: "Bob O'Neil", books: 1, pages: null },
    ]);
    const left = await db('authors as a').leftJoin('books as b', 'b.author_id', 'a.id').whereNull('b.id').select('a.name');
    expect(left).toEqual([]);

    expect(await db('books').where('title', 'Third').del()).toBe(1);
    expect(await db('books').pluck('title')).toEqual(['First', 'Second']);
  });

  it('commits a transaction, rolls back a failed one, and rolls back a nested transaction alone (savepoint)', async () => {
    await db.transaction(async (trx) => {
      const [id] = await trx('authors').insert({ name: 'Cy', email: 'cy@example.com' });
      await trx('books').insert({ title: 'Cy book', author_id: id });
    });
    expect(await db('books').where('title', 'Cy book').first('title')).toEqual({ title: 'Cy book' });

    await expect(
      db.transaction(async (trx) => {
        await trx('authors').insert({ name: 'Dee', email: 'dee@example.com' });
        await trx('authors').insert({ name: 'Dup', email: 'ann@example.com' }); // unique key
      }),
    ).rejects.toMatchObject({ errno: 1062 });
    expect(await db('authors').where('name', 'Dee').first()).toBeUndefined();

    await db.transaction(async (trx) => {
      await trx('authors').insert({ name: 'Outer', email: 'outer@example.com' });
      await expect(
        trx.transaction(async (inner) => {
          await inner('authors').insert({ name: 'Inner', email: 'inner@example.com' });
          throw new Error('undo the inner one');
        }),
      ).rejects.toThrow('undo the inner one');
    });
    expect(await db('authors').whereIn('name', ['Outer', 'Inner']).pluck('name')).toEqual(['Outer']);

    const trx = await db.transaction();
    await trx('authors').where('name', 'Outer').update({ age: 99 });
    await trx.rollback();
    expect(await db('authors').where('name', 'Outer').first('age')).toEqual({ age: null });
  });

  it('runs migrations from a directory up (latest) and down (rollback), keeping its own bookkeeping tables', async () => {
    writeFileSync(
      join(migrations, '20240101000000_create_tags.cjs'),
      `exports.up = (knex) => knex.schema.createTable('tags', (t) => { t.increments('id'); t.string('label', 40).notNullable().unique(); t.timestamps(true, true); });
exports.down = (knex) => knex.schema.dropTable('tags');
`,
    );
    writeFileSync(
      join(migrations, '20240102000000_add_color.cjs'),
      `exports.up = async (knex) => {
  await knex.schema.alterTable('tags', (t) => { t.string('color', 7).defaultTo('#000000'); t.index(['color']); });
  await knex('tags').insert([{ label: 'red', color: '#ff0000' }, { label: 'plain' }]);
};
exports.down = (knex) => knex.schema.alterTable('tags', (t) => { t.dropIndex(['color']); t.dropColumn('color'); });
`,
    );
    const config = { directory: migrations, loadExtensions: ['.cjs'] };
    const [batch, ran] = (await db.migrate.latest(config)) as [number, string[]];
    expect(batch).toBe(1);
    expect(ran).toEqual(['20240101000000_create_tags.cjs', '20240102000000_add_color.cjs']);
    expect(await db('tags').orderBy('label').select('label', 'color')).toEqual([
      { label: 'plain', color: '#000000' },
      { label: 'red', color: '#ff0000' },
    ]);
    expect(await db.migrate.currentVersion(config)).toBe('20240102000000');
    expect(await db.schema.hasTable('knex_migrations')).toBe(true);
    expect(await db.schema.hasTable('knex_migrations_lock')).toBe(true);
    const [, pending] = (await db.migrate.list(config)) as [unknown[], unknown[]];
    expect(pending).toEqual([]);
    // nothing new: a second latest is a no-op
    expect(((await db.migrate.latest(config)) as [number, string[]])[1]).toEqual([]);

    await db.migrate.down(config);
    expect(await db.schema.hasColumn('tags', 'color')).toBe(false);
    expect(await db('tags').orderBy('label').pluck('label')).toEqual(['plain', 'red']);
    await db.migrate.rollback(config, true);
    expect(await db.schema.hasTable('tags')).toBe(false);
    expect(await db.migrate.currentVersion(config)).toBe('none');
    await db.migrate.up(config);
    expect(await db.schema.hasTable('tags')).toBe(true);
    expect(await db.migrate.currentVersion(config)).toBe('20240101000000');
  });
});
