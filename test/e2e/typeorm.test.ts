// typeorm (the real npm package, driver mysql2) against a real deployment: entities with relations
// (many-to-one, one-to-many, many-to-many through a join table) created by `synchronize: true`
// through typeorm's own introspection of information_schema, a second synchronize that finds
// nothing to change, then one that adds and drops a column; repository CRUD, relation loading,
// the query builder (joins, where, group by, order, pagination) and transactions.
import { DataSource, EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

interface Author {
  id: number;
  name: string;
  email: string;
  karma: string;
  active: boolean;
  bio?: string | null;
  nickname?: string | null;
  createdAt: Date;
  updatedAt: Date;
  books?: Book[];
}
interface Book {
  id: number;
  title: string;
  pages: number;
  author?: Author | null;
  tags?: Tag[];
}
interface Tag {
  id: number;
  label: string;
  books?: Book[];
}

/** The Author entity; `withBio` swaps the bio column for nickname, as a changed model does. */
function authorSchema(withBio: boolean): EntitySchema<Author> {
  const extra: Record<string, EntitySchemaColumnOptions> = withBio
    ? { bio: { type: 'text', nullable: true } }
    : { nickname: { type: String, length: 30, nullable: true } };
  return new EntitySchema<Author>({
    name: 'Author',
    tableName: 'authors',
    columns: {
      id: { type: Number, primary: true, generated: 'increment' },
      name: { type: String, length: 80 },
      email: { type: String, length: 120, unique: true },
      karma: { type: 'decimal', precision: 10, scale: 2, default: 0 },
      active: { type: Boolean, default: true },
      ...extra,
      createdAt: { type: 'datetime', createDate: true },
      updatedAt: { type: 'datetime', updateDate: true },
    },
    relations: { books: { type: 'one-to-many', target: 'Book', inverseSide: 'author' } },
  });
}

const BookSchema = new EntitySchema<Book>({
  name: 'Book',
  tableName: 'books',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    title: { type: String },
    pages: { type: 'int', default: 0 },
  },
  indices: [{ name: 'idx_books_title', columns: ['title'] }],
  relations: {
    author: { type: 'many-to-one', target: 'Author', inverseSide: 'books', joinColumn: { name: 'authorId' }, onDelete: 'CASCADE', nullable: true },
    tags: { type: 'many-to-many', target: 'Tag', inverseSide: 'books', joinTable: { name: 'book_tags' } },
  },
});

const TagSchema = new EntitySchema<Tag>({
  name: 'Tag',
  tableName: 'tags',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    label: { type: String, length: 40, unique: true },
  },
  relations: { books: { type: 'many-to-many', target: 'Book', inverseSide: 'tags' } },
});

let server: SqlTestServer;
let ds: DataSource;
/** Every statement typeorm sent, to check what a synchronize decided to change. */
const sent: string[] = [];

async function open(withBio: boolean): Promise<DataSource> {
  const source = new DataSource({
    type: 'mysql',
    host: '127.0.0.1',
    port: server.port,
    username: 'root',
    database: 'tor',
    entities: [authorSchema(withBio), BookSchema, TagSchema],
    synchronize: true,
    logging: ['query'],
    logger: { logQuery: (q: string) => void sent.push(q), logQueryError: () => {}, logQuerySlow: () => {}, logSchemaBuild: () => {}, logMigration: () => {}, log: () => {} },
    poolSize: 4,
  });
  return source.initialize();
}

beforeAll(async () => {
  server = await SqlTestServer.start();
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
  try {
    await admin.query('CREATE DATABASE tor');
  } finally {
    await admin.end();
  }
  ds = await open(true);
}, 120_000);

afterAll(async () => {
  await ds?.destroy();
  await server?.stop();
}, 60_000);

describe('typeorm', () => {
  it('synchronize creates tables, indexes and foreign keys; a second synchronize changes nothing; a changed entity adds and drops columns', async () => {
    const runner = ds.createQueryRunner();
    try {
      const authors = await runner.getTable('authors');
      expect(authors?.columns.map((c) => c.name)).toEqual(['id', 'name', 'email', 'karma', 'active', 'bio', 'createdAt', 'updatedAt']);
      const karma = authors?.findColumnByName('karma');
      expect(karma).toMatchObject({ type: 'decimal', precision: 10, scale: 2, isNullable: false, default: "'0.00'" });
      expect(authors?.findColumnByName('id')).toMatchObject({ isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
      expect(authors?.findColumnByName('email')?.isUnique).toBe(true);
      const books = await runner.getTable('books');
      expect(books?.indices.map((i) => i.name)).toContain('idx_books_title');
      expect(books?.foreignKeys.map((f) => [f.columnNames, f.referencedTableName, f.referencedColumnNames, f.onDelete])).toEqual([[['authorId'], 'authors', ['id'], 'CASCADE']]);
      const join = await runner.getTable('book_tags');
      expect(join?.primaryColumns.map((c) => c.name)).toEqual(['booksId', 'tagsId']);
      expect(join?.foreignKeys.map((f) => f.referencedTableName).sort()).toEqual(['books', 'tags']);
    } finally {
      await runner.release();
    }

    await ds.getRepository<Author>('Author').save({ name: 'Ann', email: 'ann@example.com', bio: 'first' });
    await ds.destroy();

    // The same entities again: typeorm compares them with what it reads back and must find them equal.
    sent.length = 0;
    ds = await open(true);
    expect(sent.filter((q) => /^(CREATE|ALTER|DROP)\b/i.test(q))).toEqual([]);
    await ds.destroy();

    // bio goes, nickname comes: typeorm alters the table and the row stays.
    sent.length = 0;
    ds = await open(false);
    const ddl = sent.filter((q) => /^(CREATE|ALTER|DROP)\b/i.test(q));
    // (typeorm first renames the dropped column to the added one, then re-creates it with its type)
    expect(ddl.some((q) => /ADD `nickname` varchar\(30\) NULL/.test(q))).toBe(true);
    const runner2 = ds.createQueryRunner();
    try {
      const altered = await runner2.getTable('authors');
      expect(altered?.findColumnByName('bio')).toBeUndefined();
      expect(altered?.findColumnByName('nickname')).toMatchObject({ type: 'varchar', length: '30', isNullable: true });
    } finally {
      await runner2.release();
    }
    const rows = await ds.getRepository<Author>('Author').find({ select: { name: true, email: true, nickname: true } });
    expect(rows.map((r) => ({ ...r }))).toEqual([{ name: 'Ann', email: 'ann@example.com', nickname: null }]);
  });

  it('repository CRUD: generated ids, defaults, timestamps, find options, update, delete, count', async () => {
    const authors = ds.getRepository<Author>('Author');
    const bob = await authors.save({ name: 'Bob', email: 'bob@example.com', karma: '3.50', active: false });
    expect(bob.id).toBe(2);
    expect(bob.createdAt).toBeInstanceOf(Date);
    const again = await authors.findOneBy({ id: bob.id });
    expect(again).toMatchObject({ name: 'Bob', karma: '3.50', active: false, nickname: null });

    await authors.save([
      { name: 'Cy', email: 'cy@example.com', karma: '10.25' },
      { name: 'Di', email: 'di@example.com', karma: '-1.00' },
    ]);
    expect(await authors.count()).toBe(4);
    const rich = await authors.find({ where: { active: true }, order: { karma: 'DESC' }, take: 2 });
    expect(rich.map((a) => a.name)).toEqual(['Cy', 'Ann']);

    const before = (await authors.findOneByOrFail({ name: 'Cy' })).updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await authors.update({ name: 'Cy' }, { karma: '11.00' });
    const cy = await authors.findOneByOrFail({ name: 'Cy' });
    expect(cy.karma).toBe('11.00');
    // typeorm sets the update-date column to CURRENT_TIMESTAMP, which is whole seconds in MySQL
    expect(cy.updatedAt.getMilliseconds()).toBe(0);
    expect(cy.updatedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);

    await expect(authors.insert({ name: 'Dup', email: 'bob@example.com' })).rejects.toMatchObject({ code: 'ER_DUP_ENTRY', errno: 1062 });
    await authors.delete({ name: 'Di' });
    expect(await authors.count()).toBe(3);
    expect(await authors.findOneBy({ name: 'Di' })).toBeNull();
  });

  it('relations: saved through cascades of ids, loaded with relations (joins) and the join table', async () => {
    const authors = ds.getRepository<Author>('Author');
    const books = ds.getRepository<Book>('Book');
    const tags = ds.getRepository<Tag>('Tag');
    const ann = await authors.findOneByOrFail({ name: 'Ann' });
    const bob = await authors.findOneByOrFail({ name: 'Bob' });
    const [sql, db, fun] = await tags.save([{ label: 'sql' }, { label: 'db' }, { label: 'fun' }]);
    await books.save([
      { title: 'Raft in Practice', pages: 320, author: ann, tags: [db!, fun!] },
      { title: 'Joins', pages: 120, author: ann, tags: [sql!] },
      { title: 'Percolator', pages: 90, author: bob, tags: [db!, sql!] },
      { title: 'Orphan', pages: 10, author: null, tags: [] },
    ]);

    const withBooks = await authors.find({ where: { name: 'Ann' }, relations: { books: { tags: true } }, order: { books: { title: 'ASC' } } });
    expect(withBooks).toHaveLength(1);
    expect(withBooks[0]!.books!.map((b) => [b.title, b.tags!.map((t) => t.label).sort()])).toEqual([
      ['Joins', ['sql']],
      ['Raft in Practice', ['db', 'fun']],
    ]);
    const perc = await books.findOneOrFail({ where: { title: 'Percolator' }, relations: { author: true, tags: true } });
    expect(perc.author?.name).toBe('Bob');
    expect(perc.tags!.map((t) => t.label).sort()).toEqual(['db', 'sql']);
    const orphan = await books.findOneOrFail({ where: { title: 'Orphan' }, relations: { author: true } });
    expect(orphan.author).toBeNull();

    // removing a tag from a book deletes its join-table row only
    perc.tags = perc.tags!.filter((t) => t.label !== 'sql');
    await books.save(perc);
    const sqlTag = await tags.findOneOrFail({ where: { label: 'sql' }, relations: { books: true } });
    expect(sqlTag.books!.map((b) => b.title)).toEqual(['Joins']);
  });

  it('query builder: joins, where with parameters, group by with having, order and pagination, raw results', async () => {
    const perAuthor = await ds
      .getRepository<Author>('Author')
      .createQueryBuilder('a')
      .leftJoin('a.books', 'b')
      .select('a.name', 'name')
      .addSelect('COUNT(b.id)', 'books')
      .addSelect('COALESCE(SUM(b.pages), 0)', 'pages')
      .groupBy('a.id')
      .addGroupBy('a.name')
      .having('COUNT(b.id) >= :min', { min: 0 })
      .orderBy('pages', 'DESC')
      .addOrderBy('name', 'ASC')
      .getRawMany<{ name: string; books: string | number; pages: string | number }>();
    expect(perAuthor.map((r) => [r.name, Number(r.books), Number(r.pages)])).toEqual([
      ['Ann', 2, 440],
      ['Bob', 1, 90],
      ['Cy', 0, 0],
    ]);

    const [page, total] = await ds
      .getRepository<Book>('Book')
      .createQueryBuilder('b')
      .innerJoinAndSelect('b.author', 'a')
      .leftJoinAndSelect('b.tags', 't')
      .where('a.active = :active', { active: true })
      .andWhere('b.pages > :min', { min: 50 })
      .orderBy('b.pages', 'DESC')
      .skip(0)
      .take(1)
      .getManyAndCount();
    expect(total).toBe(2);
    expect(page.map((b) => [b.title, b.author?.name, b.tags!.map((t) => t.label).sort()])).toEqual([['Raft in Practice', 'Ann', ['db', 'fun']]]);

    const updated = await ds.createQueryBuilder().update('Book').set({ pages: () => 'pages + 1' }).where('title IN (:...titles)', { titles: ['Joins', 'Orphan'] }).execute();
    expect(updated.affected).toBe(2);
    const pages = await ds.getRepository<Book>('Book').find({ select: { title: true, pages: true }, order: { title: 'ASC' } });
    expect(pages.map((b) => [b.title, b.pages])).toEqual([
      ['Joins', 121],
      ['Orphan', 11],
      ['Percolator', 90],
      ['Raft in Practice', 320],
    ]);
  });

  it('transactions: a managed transaction commits all or, when it throws, nothing; a query runner rolls back by hand', async () => {
    await ds.transaction(async (em) => {
      const a = await em.getRepository<Author>('Author').save({ name: 'Ed', email: 'ed@example.com' });
      await em.getRepository<Book>('Book').save({ title: 'Ed writes', pages: 5, author: a });
    });
    expect(await ds.getRepository<Book>('Book').countBy({ title: 'Ed writes' })).toBe(1);

    await expect(
      ds.transaction(async (em) => {
        await em.getRepository<Author>('Author').save({ name: 'Fay', email: 'fay@example.com' });
        await em.getRepository<Author>('Author').insert({ name: 'Fay again', email: 'fay@example.com' });
      }),
    ).rejects.toMatchObject({ errno: 1062 });
    expect(await ds.getRepository<Author>('Author').countBy({ name: 'Fay' })).toBe(0);

    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.manager.getRepository<Book>('Book').delete({ title: 'Ed writes' });
      expect(await runner.manager.getRepository<Book>('Book').countBy({ title: 'Ed writes' })).toBe(0);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await ds.getRepository<Book>('Book').countBy({ title: 'Ed writes' })).toBe(1);
  });
});
