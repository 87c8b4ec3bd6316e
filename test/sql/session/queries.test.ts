// SELECT as a client sees it over a small shop schema: filters, DISTINCT, grouping and
// aggregates, ORDER BY forms, LIMIT/OFFSET, joins over three and more tables, subqueries of
// every kind, UNION, WITH [RECURSIVE] and window functions.
import { beforeAll, describe, it } from 'vitest';
import { exec, runCases, useSqlFixture } from './support.js';

const fixture = useSqlFixture('shop');

beforeAll(async () => {
  await exec(
    fixture().session,
    `CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city VARCHAR(20), KEY (city));
     CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(8,2) NOT NULL, category VARCHAR(10));
     CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, placed DATE, KEY (customer_id));
     CREATE TABLE items (order_id INT, product_id INT, qty INT NOT NULL, PRIMARY KEY (order_id, product_id));
     INSERT INTO customers VALUES (1, 'Ann', 'Oslo'), (2, 'Bob', 'Rome'), (3, 'Cid', 'Oslo'), (4, 'Dee', NULL), (5, 'Eve', 'Lima');
     INSERT INTO products VALUES (1, 'pen', 1.50, 'office'), (2, 'ink', 7.25, 'office'), (3, 'tea', 4.00, 'food'), (4, 'jam', 3.10, 'food'), (5, 'lamp', 25.00, NULL);
     INSERT INTO orders VALUES (10, 1, '2024-01-05'), (11, 1, '2024-02-10'), (12, 2, '2024-02-11'), (13, 3, '2024-03-01'), (14, 9, '2024-03-02');
     INSERT INTO items VALUES (10, 1, 10), (10, 2, 1), (11, 3, 2), (12, 1, 1), (12, 4, 3), (12, 5, 1), (13, 3, 5), (14, 2, 2)`,
  );
});

describe('filters, DISTINCT, ORDER BY and LIMIT', () => {
  it('answers as MySQL does', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT name FROM customers WHERE city = 'Oslo' ORDER BY name", rows: [['Ann'], ['Cid']] },
      { sql: 'SELECT name FROM customers WHERE city IS NULL', rows: [['Dee']] },
      { sql: "SELECT name FROM customers WHERE city <> 'Oslo' ORDER BY name", rows: [['Bob'], ['Eve']] },
      { sql: "SELECT name FROM customers WHERE city IN ('Rome', 'Lima') OR id = 4 ORDER BY id", rows: [['Bob'], ['Dee'], ['Eve']] },
      { sql: "SELECT name FROM customers WHERE name LIKE '%e%' ORDER BY name", rows: [['Dee'], ['Eve']] },
      { sql: 'SELECT name FROM products WHERE price BETWEEN 3 AND 7.25 ORDER BY price', rows: [['jam'], ['tea'], ['ink']] },
      { sql: 'SELECT DISTINCT city FROM customers ORDER BY city', rows: [[null], ['Lima'], ['Oslo'], ['Rome']] },
      { sql: 'SELECT DISTINCT city FROM customers ORDER BY city DESC', rows: [['Rome'], ['Oslo'], ['Lima'], [null]] },
      { sql: 'SELECT COUNT(DISTINCT city), COUNT(city), COUNT(*) FROM customers', rows: [[3, 4, 5]] },
      { sql: 'SELECT name, price FROM products ORDER BY category, price DESC', rows: [['lamp', '25.00'], ['tea', '4.00'], ['jam', '3.10'], ['ink', '7.25'], ['pen', '1.50']] },
      { sql: 'SELECT name, price * 2 AS double_price FROM products ORDER BY double_price DESC LIMIT 2', rows: [['lamp', '50.00'], ['ink', '14.50']] },
      { sql: 'SELECT name, price FROM products ORDER BY 2 LIMIT 2', rows: [['pen', '1.50'], ['jam', '3.10']] },
      { sql: 'SELECT name FROM products ORDER BY LENGTH(name) DESC, name LIMIT 3', rows: [['lamp'], ['ink'], ['jam']] },
      { sql: 'SELECT id FROM products ORDER BY id LIMIT 2 OFFSET 3', rows: [[4], [5]] },
      { sql: 'SELECT id FROM products ORDER BY id LIMIT 3, 1', rows: [[4]] },
      { sql: 'SELECT id FROM products ORDER BY id DESC LIMIT 0', rows: [] },
      { sql: 'SELECT id FROM products ORDER BY -id LIMIT 1', rows: [[5]] },
      { sql: 'SELECT city, name FROM customers ORDER BY city IS NULL, city DESC, name', rows: [['Rome', 'Bob'], ['Oslo', 'Ann'], ['Oslo', 'Cid'], ['Lima', 'Eve'], [null, 'Dee']] },
      { sql: 'SELECT name FROM customers ORDER BY nope', error: 1054, message: "Unknown column 'nope' in 'order clause'" },
      { sql: 'SELECT name FROM customers ORDER BY 3', error: 1054 },
      { sql: 'SELECT id FROM customers WHERE id > 2 AND id < 5 ORDER BY id DESC', rows: [[4], [3]] },
      { sql: 'SELECT id, name FROM customers WHERE id = 3', rows: [[3, 'Cid']] },
      { sql: 'SELECT id FROM customers WHERE id IN (5, 1, 9) ORDER BY id', rows: [[1], [5]] },
      { sql: 'SELECT * FROM items WHERE order_id = 12 AND product_id >= 4 ORDER BY product_id DESC', rows: [[12, 5, 1], [12, 4, 3]] },
    ]);
  });
});

describe('GROUP BY, HAVING and aggregates', () => {
  it('answers as MySQL does', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT category, COUNT(*), SUM(price), AVG(price), MIN(price), MAX(name) FROM products GROUP BY category ORDER BY category', rows: [
        [null, 1, '25.00', '25.000000', '25.00', 'lamp'],
        ['food', 2, '7.10', '3.550000', '3.10', 'tea'],
        ['office', 2, '8.75', '4.375000', '1.50', 'pen'],
      ] },
      { sql: 'SELECT category, COUNT(*) AS n FROM products GROUP BY category HAVING n > 1 ORDER BY category', rows: [['food', 2], ['office', 2]] },
      { sql: 'SELECT category FROM products GROUP BY category HAVING SUM(price) > 8 ORDER BY 1', rows: [[null], ['office']] },
      { sql: 'SELECT order_id, SUM(qty) FROM items GROUP BY order_id ORDER BY SUM(qty) DESC, order_id', rows: [[10, 11], [12, 5], [13, 5], [11, 2], [14, 2]] },
      { sql: "SELECT GROUP_CONCAT(name ORDER BY name SEPARATOR '/') FROM products", rows: [['ink/jam/lamp/pen/tea']] },
      { sql: 'SELECT category, GROUP_CONCAT(name ORDER BY price DESC) FROM products WHERE category IS NOT NULL GROUP BY category ORDER BY category', rows: [['food', 'tea,jam'], ['office', 'ink,pen']] },
      { sql: 'SELECT GROUP_CONCAT(DISTINCT city ORDER BY city) FROM customers', rows: [['Lima,Oslo,Rome']] },
      { sql: 'SELECT COUNT(*), SUM(qty), AVG(qty), MIN(qty), MAX(qty) FROM items WHERE qty > 100', rows: [[0, null, null, null, null]] },
      { sql: 'SELECT order_id, COUNT(*) FROM items WHERE qty > 100 GROUP BY order_id', rows: [] },
      { sql: 'SELECT SUM(DISTINCT qty), COUNT(DISTINCT qty), AVG(DISTINCT qty) FROM items', rows: [[21, 5, '4.2000']] },
      { sql: 'SELECT YEAR(placed), MONTH(placed) AS m, COUNT(*) FROM orders GROUP BY YEAR(placed), m ORDER BY m', rows: [[2024, 1, 1], [2024, 2, 2], [2024, 3, 2]] },
      { sql: 'SELECT qty % 2 AS parity, COUNT(*) FROM items GROUP BY parity ORDER BY parity', rows: [[0, 3], [1, 5]] },
      { sql: 'SELECT COUNT(*) FROM (SELECT DISTINCT customer_id FROM orders) d', rows: [[4]] },
      { sql: 'SELECT name, COUNT(*) FROM products', error: 1140 },
      { sql: 'SELECT category, name FROM products GROUP BY category', error: 1055 },
      { sql: 'SELECT id, name FROM customers GROUP BY id ORDER BY id LIMIT 2', rows: [[1, 'Ann'], [2, 'Bob']] },
      { sql: 'SELECT MAX(price) - MIN(price) FROM products', rows: [['23.50']] },
      { sql: 'SELECT BIT_OR(qty), BIT_AND(qty), STDDEV_POP(qty), VAR_POP(qty) FROM items WHERE order_id = 12', rows: [[3, 1, '0.9428090415820634', '0.888888888888889']] },
    ]);
  });
});

describe('joins', () => {
  it('INNER, LEFT, RIGHT and CROSS joins over three and more tables', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT c.name, o.id FROM customers c JOIN orders o ON o.customer_id = c.id ORDER BY o.id', rows: [['Ann', 10], ['Ann', 11], ['Bob', 12], ['Cid', 13]] },
      { sql: 'SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id', rows: [['Ann', 10], ['Ann', 11], ['Bob', 12], ['Cid', 13], ['Dee', null], ['Eve', null]] },
      { sql: 'SELECT c.name, o.id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id ORDER BY o.id', rows: [['Ann', 10], ['Ann', 11], ['Bob', 12], ['Cid', 13], [null, 14]] },
      { sql: 'SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL ORDER BY c.name', rows: [['Dee'], ['Eve']] },
      { sql: 'SELECT c.name, SUM(i.qty * p.price) AS total FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id GROUP BY c.name ORDER BY total DESC', rows: [['Bob', '35.80'], ['Ann', '30.25'], ['Cid', '20.00']] },
      { sql: 'SELECT c.name, p.name FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id AND i.qty >= 3 JOIN products p ON p.id = i.product_id ORDER BY c.name, p.name', rows: [['Ann', 'pen'], ['Bob', 'jam'], ['Cid', 'tea']] },
      { sql: 'SELECT c.name, o.id, i.product_id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id LEFT JOIN items i ON i.order_id = o.id AND i.product_id = 3 WHERE c.city = \'Oslo\' ORDER BY o.id', rows: [['Ann', 10, null], ['Ann', 11, 3], ['Cid', 13, 3]] },
      { sql: 'SELECT COUNT(*) FROM customers CROSS JOIN products', rows: [[25]] },
      { sql: 'SELECT COUNT(*) FROM customers, products, orders WHERE customers.id = orders.customer_id AND products.id = 1', rows: [[4]] },
      { sql: 'SELECT a.name, b.name FROM customers a JOIN customers b ON a.city = b.city AND a.id < b.id', rows: [['Ann', 'Cid']] },
      { sql: 'SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL', rows: [[14, null]] },
      { sql: 'SELECT p.name, COALESCE(SUM(i.qty), 0) FROM products p LEFT JOIN items i ON i.product_id = p.id GROUP BY p.id, p.name ORDER BY p.id', rows: [['pen', 11], ['ink', 3], ['tea', 7], ['jam', 3], ['lamp', 1]] },
      { sql: 'SELECT c.name, o.id FROM customers c JOIN orders o USING (id)', rows: [] },
      { sql: 'SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.placed >= \'2024-02-01\' ORDER BY o.placed DESC LIMIT 2', rows: [['Cid'], ['Bob']] },
      { sql: 'SELECT name FROM customers JOIN orders ON customer_id = customers.id WHERE id = 1', error: 1052, message: "Column 'id' in where clause is ambiguous" },
      { sql: 'SELECT * FROM customers c JOIN nope n ON n.id = c.id', error: 1146, message: "Table 'shop.nope' doesn't exist" },
    ]);
  });
});

describe('subqueries', () => {
  it('scalar, IN, EXISTS, correlated and derived tables', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT name FROM products WHERE price = (SELECT MAX(price) FROM products)', rows: [['lamp']] },
      { sql: 'SELECT name, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS n FROM customers c ORDER BY n DESC, name', rows: [['Ann', 2], ['Bob', 1], ['Cid', 1], ['Dee', 0], ['Eve', 0]] },
      { sql: 'SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders) ORDER BY name', rows: [['Ann'], ['Bob'], ['Cid']] },
      { sql: 'SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders) ORDER BY name', rows: [['Dee'], ['Eve']] },
      { sql: 'SELECT name FROM customers WHERE id NOT IN (SELECT NULL) ORDER BY name', rows: [] },
      { sql: 'SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.placed > \'2024-02-01\') ORDER BY name', rows: [['Ann'], ['Bob'], ['Cid']] },
      { sql: 'SELECT name FROM customers c WHERE NOT EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.id) ORDER BY name', rows: [['Dee'], ['Eve']] },
      { sql: 'SELECT p.name FROM products p WHERE p.price > (SELECT AVG(p2.price) FROM products p2 WHERE p2.category = p.category) ORDER BY p.name', rows: [['ink'], ['tea']] },
      { sql: 'SELECT d.category, d.total FROM (SELECT category, SUM(price) AS total FROM products GROUP BY category) AS d WHERE d.total > 8 ORDER BY d.total', rows: [['office', '8.75'], [null, '25.00']] },
      { sql: 'SELECT MAX(n) FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t', rows: [[2]] },
      { sql: 'SELECT (SELECT name FROM customers WHERE id = 99)', rows: [[null]] },
      { sql: 'SELECT (SELECT id FROM customers)', error: 1242, message: 'Subquery returns more than 1 row' },
      { sql: 'SELECT name FROM products WHERE price > ALL (SELECT price FROM products WHERE category = \'food\') ORDER BY name', rows: [['ink'], ['lamp']] },
      { sql: 'SELECT name FROM products WHERE price < ANY (SELECT price FROM products WHERE category = \'food\') ORDER BY name', rows: [['jam'], ['pen']] },
      { sql: 'SELECT id FROM orders WHERE (customer_id, id) IN (SELECT customer_id, MAX(id) FROM orders GROUP BY customer_id) ORDER BY id', rows: [[11], [12], [13], [14]] },
      { sql: 'SELECT c.name, t.n FROM customers c JOIN (SELECT customer_id, COUNT(*) n FROM orders GROUP BY customer_id) t ON t.customer_id = c.id ORDER BY c.name', rows: [['Ann', 2], ['Bob', 1], ['Cid', 1]] },
      { sql: 'SELECT * FROM (SELECT 1) AS t', columns: ['1'], rows: [[1]] },
      { sql: 'SELECT * FROM (SELECT id FROM customers)', error: 1248 },
    ]);
  });
});

describe('UNION and WITH', () => {
  it('UNION [ALL], CTEs and recursive CTEs', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT city FROM customers WHERE city IS NOT NULL UNION SELECT 'Bergen' ORDER BY city", rows: [['Bergen'], ['Lima'], ['Oslo'], ['Rome']] },
      { sql: 'SELECT city FROM customers UNION ALL SELECT category FROM products', rows: [['Oslo'], ['Rome'], ['Oslo'], [null], ['Lima'], ['office'], ['office'], ['food'], ['food'], [null]] },
      { sql: 'SELECT 1 AS a UNION SELECT 2 UNION SELECT 1 ORDER BY a DESC', columns: ['a'], rows: [[2], [1]] },
      { sql: 'SELECT id FROM customers UNION SELECT id FROM orders ORDER BY id DESC LIMIT 3', rows: [[14], [13], [12]] },
      { sql: '(SELECT id FROM customers ORDER BY id LIMIT 1) UNION ALL (SELECT id FROM orders ORDER BY id DESC LIMIT 1)', rows: [[1], [14]] },
      { sql: 'SELECT 1, 2 UNION SELECT 3', error: 1222 },
      { sql: "SELECT 1 UNION SELECT 'a'", rows: [['1'], ['a']] },
      { sql: 'WITH big AS (SELECT * FROM products WHERE price > 4) SELECT name FROM big ORDER BY name', rows: [['ink'], ['lamp']] },
      { sql: 'WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT x, y FROM a, b', rows: [[1, 2]] },
      { sql: 'WITH RECURSIVE n (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5) SELECT SUM(k), COUNT(*) FROM n', rows: [['15', 5]] },
      { sql: 'WITH RECURSIVE fib (a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM fib WHERE b < 50) SELECT a FROM fib ORDER BY a DESC LIMIT 3', rows: [[34], [21], [13]] },
      { sql: "WITH RECURSIVE dates (d) AS (SELECT DATE '2024-01-30' UNION ALL SELECT d + INTERVAL 1 DAY FROM dates WHERE d < '2024-02-02') SELECT d FROM dates ORDER BY d", rows: [['2024-01-30'], ['2024-01-31'], ['2024-02-01'], ['2024-02-02']] },
      { sql: 'WITH c AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) SELECT customers.name FROM customers JOIN c ON c.customer_id = customers.id WHERE c.n = (SELECT MAX(n) FROM c)', rows: [['Ann']] },
    ]);
  });
});

describe('window functions', () => {
  it('ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD and aggregates OVER (PARTITION BY … ORDER BY …)', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT name, ROW_NUMBER() OVER (ORDER BY price DESC) AS rn FROM products ORDER BY rn', rows: [['lamp', 1], ['ink', 2], ['tea', 3], ['jam', 4], ['pen', 5]] },
      { sql: 'SELECT order_id, product_id, RANK() OVER (ORDER BY qty DESC) r, DENSE_RANK() OVER (ORDER BY qty DESC) dr FROM items ORDER BY r, order_id, product_id', rows: [
        [10, 1, 1, 1], [13, 3, 2, 2], [12, 4, 3, 3], [11, 3, 4, 4], [14, 2, 4, 4], [10, 2, 6, 5], [12, 1, 6, 5], [12, 5, 6, 5],
      ] },
      { sql: 'SELECT category, name, ROW_NUMBER() OVER (PARTITION BY category ORDER BY price) FROM products WHERE category IS NOT NULL ORDER BY category, price', rows: [['food', 'jam', 1], ['food', 'tea', 2], ['office', 'pen', 1], ['office', 'ink', 2]] },
      { sql: 'SELECT id, LAG(id) OVER (ORDER BY id), LEAD(id, 2, 0) OVER (ORDER BY id) FROM orders ORDER BY id', rows: [[10, null, 12], [11, 10, 13], [12, 11, 14], [13, 12, 0], [14, 13, 0]] },
      { sql: 'SELECT order_id, product_id, SUM(qty) OVER (PARTITION BY order_id) AS s, SUM(qty) OVER (PARTITION BY order_id ORDER BY product_id) AS running FROM items ORDER BY order_id, product_id', rows: [
        [10, 1, 11, 10], [10, 2, 11, 11], [11, 3, 2, 2], [12, 1, 5, 1], [12, 4, 5, 4], [12, 5, 5, 5], [13, 3, 5, 5], [14, 2, 2, 2],
      ] },
      { sql: 'SELECT id, COUNT(*) OVER (), AVG(price) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM products ORDER BY id', rows: [[1, 5, '4.375000'], [2, 5, '4.250000'], [3, 5, '4.783333'], [4, 5, '10.700000'], [5, 5, '14.050000']] },
      { sql: 'SELECT name, FIRST_VALUE(name) OVER w, LAST_VALUE(name) OVER w FROM products WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id LIMIT 1', rows: [['pen', 'pen', 'lamp']] },
      { sql: 'SELECT * FROM (SELECT customer_id, id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY placed DESC) rn FROM orders) t WHERE rn = 1 ORDER BY customer_id', rows: [[1, 11, 1], [2, 12, 1], [3, 13, 1], [9, 14, 1]] },
      { sql: 'SELECT qty, NTILE(2) OVER (ORDER BY qty, order_id, product_id), PERCENT_RANK() OVER (ORDER BY qty) FROM items WHERE order_id = 12 ORDER BY qty, product_id', rows: [[1, 1, '0'], [1, 1, '0'], [3, 2, '1']] },
    ]);
  });
});

describe('column labels', () => {
  it('name unaliased expressions by their text as written, as MySQL does', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT 1+1, 2 *  3, concat( 'a' , \"b\" ), ABS(-id), c.name, name AS n FROM customers c WHERE id = 1", columns: ['1+1', '2 *  3', 'concat( \'a\' , "b" )', 'ABS(-id)', 'name', 'n'], rows: [[2, 6, 'ab', 1, 'Ann', 'Ann']] },
      { sql: 'SELECT (SELECT  MAX(id) FROM products), id<=>NULL FROM customers WHERE id = 2', columns: ['(SELECT  MAX(id) FROM products)', 'id<=>NULL'], rows: [[5, 0]] },
      { sql: 'SELECT * FROM (SELECT 1+1, id FROM customers WHERE id = 3) d', columns: ['1+1', 'id'], rows: [[2, 3]] },
      { sql: 'SELECT `1+1` FROM (SELECT 1+1) d', columns: ['1+1'], rows: [[2]] },
    ]);
  });
});
