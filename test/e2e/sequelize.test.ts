// sequelize (the real npm package, dialect mysql over mysql2) against a real deployment: models
// with associations created by sync(), sync({ alter: true }) after a model gains and loses
// columns (sequelize's own introspection: SHOW FULL COLUMNS, information_schema key usage, SHOW
// INDEX), CRUD, eager loading through joins, and managed transactions (commit and rollback).
import { DataTypes, Op, Sequelize, type Model, type ModelAttributes, type ModelStatic } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

let server: SqlTestServer;
let sequelize: Sequelize;
let User: ModelStatic<Model>;
let Post: ModelStatic<Model>;
let Tag: ModelStatic<Model>;

function define(withBio: boolean): void {
  const attributes: ModelAttributes = {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(80), allowNull: false },
    email: { type: DataTypes.STRING(120), allowNull: false, unique: true },
    karma: { type: DataTypes.DECIMAL(10, 2), allowNull: false, defaultValue: 0 },
    admin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...(withBio ? { bio: { type: DataTypes.TEXT } } : { nickname: { type: DataTypes.STRING(30) } }),
  };
  User = sequelize.define('User', attributes, { tableName: 'users' });
  Post = sequelize.define('Post', { title: { type: DataTypes.STRING, allowNull: false }, body: DataTypes.TEXT, publishedAt: DataTypes.DATE }, { tableName: 'posts', indexes: [{ fields: ['title'] }] });
  Tag = sequelize.define('Tag', { label: { type: DataTypes.STRING(40), allowNull: false, unique: true } }, { tableName: 'tags', timestamps: false });
  User.hasMany(Post, { as: 'posts', foreignKey: 'authorId' });
  Post.belongsTo(User, { as: 'author', foreignKey: 'authorId' });
  Post.belongsToMany(Tag, { through: 'post_tags', as: 'tags' });
  Tag.belongsToMany(Post, { through: 'post_tags', as: 'posts' });
}

beforeAll(async () => {
  server = await SqlTestServer.start();
  const admin = new Sequelize({ dialect: 'mysql', host: '127.0.0.1', port: server.port, username: 'root', logging: false });
  try {
    await admin.query('CREATE DATABASE sq');
  } finally {
    await admin.close();
  }
  sequelize = new Sequelize('sq', 'root', '', { dialect: 'mysql', host: '127.0.0.1', port: server.port, logging: false, pool: { max: 4 } });
  define(true);
}, 120_000);

afterAll(async () => {
  await sequelize?.close();
  await server?.stop();
}, 60_000);

describe('sequelize', () => {
  it('sync() creates the tables of models and associations; sync({ alter: true }) adds and drops columns and keeps the rows', async () => {
    await sequelize.sync();
    const qi = sequelize.getQueryInterface();
    expect((await qi.showAllTables()).sort()).toEqual(['post_tags', 'posts', 'tags', 'users']);
    const users = await qi.describeTable('users');
    expect(users['id']).toMatchObject({ type: 'INT', allowNull: false, primaryKey: true, autoIncrement: true });
    expect(users['karma']).toMatchObject({ type: 'DECIMAL(10,2)', allowNull: false, defaultValue: '0.00' });
    expect(users['bio']).toMatchObject({ type: 'TEXT', allowNull: true });
    const posts = await qi.describeTable('posts');
    expect(posts['authorId']).toMatchObject({ type: 'INT', allowNull: true });

    await User.create({ name: 'Ann', email: 'ann@example.com', bio: 'first' });
    define(false); // bio goes, nickname comes
    await sequelize.sync({ alter: true });
    const altered = await qi.describeTable('users');
    expect(altered['bio']).toBeUndefined();
    expect(altered['nickname']).toMatchObject({ type: 'VARCHAR(30)', allowNull: true });
    expect((await User.findAll({ raw: true, attributes: ['name', 'email', 'nickname'] })).map((u) => ({ ...u }))).toEqual([{ name: 'Ann', email: 'ann@example.com', nickname: null }]);
    // a second alter with nothing to change is accepted too
    await sequelize.sync({ alter: true });
    const fks = (await qi.getForeignKeyReferencesForTable('posts')) as { columnName: string; referencedTableName: string; referencedColumnName: string }[];
    expect(fks.map((f) => [f.columnName, f.referencedTableName, f.referencedColumnName])).toEqual([['authorId', 'users', 'id']]);
  });

  it('creates, reads, updates and deletes rows (ids, defaults, timestamps, where, order, limit, count)', async () => {
    const bob = await User.create({ name: 'Bob', email: 'bob@example.com', karma: '3.50', admin: true });
    expect(bob.get('id')).toBe(2);
    expect(bob.get('createdAt')).toBeInstanceOf(Date);
    const again = await User.findByPk(2);
    expect(again?.get('karma')).toBe('3.50');
    expect(again?.get('admin')).toBe(true);
    await User.bulkCreate([
      { name: 'Cy', email: 'cy@example.com' },
      { name: 'Dee', email: 'dee@example.com', karma: 10 },
    ]);
    expect(await User.count()).toBe(4);
    const top = await User.findAll({ where: { karma: { [Op.gt]: 0 } }, order: [['karma', 'DESC']], limit: 1 });
    expect(top.map((u) => u.get('name'))).toEqual(['Dee']);
    const [changed] = await User.update({ nickname: 'cee' }, { where: { name: 'Cy' } });
    expect(changed).toBe(1);
    expect((await User.findOne({ where: { email: 'cy@example.com' } }))?.get('nickname')).toBe('cee');
    await expect(User.create({ name: 'Dup', email: 'bob@example.com' })).rejects.toMatchObject({ name: 'SequelizeUniqueConstraintError' });
    expect(await User.destroy({ where: { name: 'Cy' } })).toBe(1);
    expect(await User.count()).toBe(3);
  });

  it('eager-loads associations with joins: hasMany, belongsTo and belongsToMany', async () => {
    const ann = await User.findOne({ where: { name: 'Ann' } });
    const p1 = await Post.create({ title: 'Hello', body: 'world', authorId: ann?.get('id'), publishedAt: new Date('2024-03-01T10:00:00Z') });
    const p2 = await Post.create({ title: 'Again', authorId: ann?.get('id') });
    const [red, blue] = await Tag.bulkCreate([{ label: 'red' }, { label: 'blue' }]);
    await (p1 as unknown as { addTags(t: unknown[]): Promise<void> }).addTags([red, blue]);
    await (p2 as unknown as { addTags(t: unknown[]): Promise<void> }).addTags([blue]);

    const withPosts = await User.findAll({ include: [{ model: Post, as: 'posts' }], order: [['id', 'ASC'], [{ model: Post, as: 'posts' }, 'title', 'ASC']] });
    expect(withPosts.map((u) => [u.get('name'), (u.get('posts') as Model[]).map((p) => p.get('title'))])).toEqual([
      ['Ann', ['Again', 'Hello']],
      ['Bob', []],
      ['Dee', []],
    ]);
    const post = await Post.findOne({ where: { title: 'Hello' }, include: [{ model: User, as: 'author' }, { model: Tag, as: 'tags' }] });
    expect((post?.get('author') as Model).get('email')).toBe('ann@example.com');
    expect((post?.get('tags') as Model[]).map((t) => t.get('label')).sort()).toEqual(['blue', 'red']);
    expect((post?.get('publishedAt') as Date).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    const blueTag = await Tag.findOne({ where: { label: 'blue' }, include: [{ model: Post, as: 'posts', required: true }] });
    expect((blueTag?.get('posts') as Model[]).map((p) => p.get('title')).sort()).toEqual(['Again', 'Hello']);
  });

  it('managed transactions commit, and roll back everything when the callback throws', async () => {
    const id = await sequelize.transaction(async (t) => {
      const u = await User.create({ name: 'Eve', email: 'eve@example.com' }, { transaction: t });
      await Post.create({ title: 'Eve post', authorId: u.get('id') }, { transaction: t });
      return u.get('id');
    });
    expect(await Post.count({ where: { authorId: id as number } })).toBe(1);

    await expect(
      sequelize.transaction(async (t) => {
        await User.create({ name: 'Fay', email: 'fay@example.com' }, { transaction: t });
        await User.update({ karma: 99 }, { where: { name: 'Ann' }, transaction: t });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await User.count({ where: { name: 'Fay' } })).toBe(0);
    expect((await User.findOne({ where: { name: 'Ann' } }))?.get('karma')).toBe('0.00');
  });
});
