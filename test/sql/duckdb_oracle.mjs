// Runs a query corpus on floe (over an Iceberg table floe wrote) and on
// DuckDB (over the same Parquet data files) and compares the answers.
// Usage: node duckdb_oracle.mjs FLOE_BINARY WORK_DIR
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [floe, work] = process.argv.slice(2);
const floeArgs = ['sql', '--warehouse', join(work, 'warehouse'), '--catalog-uri', join(work, 'catalog.db')];
const runFloe = (sql, format = 'json') =>
  execFileSync(floe, [...floeArgs, '--format', format, '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

// Deterministic data: a linear congruential generator.
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
const pick = (items) => items[next() % items.length];
const regions = ['east', 'west', 'north', 'south', 'Ünïcode', 'a,b'];
const rows = [];
for (let i = 0; i < 3000; i++) {
  const id = i + 1;
  const region = next() % 17 === 0 ? 'NULL' : `'${pick(regions).replace(/'/g, "''")}'`;
  const qty = next() % 13 === 0 ? 'NULL' : String((next() % 2001) - 1000);
  const big = String((next() % 1000000007) * 9973 - 4000000000000);
  const price = next() % 11 === 0 ? 'NULL' : `${(next() % 100000) / 100}`;
  const ratio = next() % 19 === 0 ? 'NULL' : `${((next() % 200001) - 100000) / 977}E0`;
  const day = `DATE '2024-${String(1 + (next() % 12)).padStart(2, '0')}-${String(1 + (next() % 28)).padStart(2, '0')}'`;
  const flag = next() % 3 === 0 ? 'NULL' : next() % 2 === 0 ? 'true' : 'false';
  rows.push(`(${id}, ${region}, ${qty}, ${big}, CAST(${price} AS decimal(12, 2)), ${ratio}, ${day}, ${flag})`);
}
runFloe(`CREATE SCHEMA s;
CREATE TABLE s.t (id bigint, region varchar, qty integer, big bigint, price decimal(12, 2), ratio double, day date, flag boolean)
  WITH (partitioning = ARRAY['month(day)', 'bucket(id, 4)']);`, 'table');
for (let i = 0; i < rows.length; i += 1000) runFloe(`INSERT INTO s.t VALUES ${rows.slice(i, i + 1000).join(', ')};`, 'table');

// Nested columns (Iceberg list, map, struct): the same Parquet read by DuckDB.
const nestedRows = [];
const words = ['a', 'b', 'ccc', 'Ünï', 'd,e'];
for (let i = 0; i < 600; i++) {
  const id = i + 1;
  const n = next() % 5;
  const tags = next() % 13 === 0 ? 'NULL'
    : `ARRAY[${Array.from({ length: n }, () => (next() % 9 === 0 ? 'NULL' : `'${pick(words)}'`)).join(', ')}]`;
  const keys = [...new Set(Array.from({ length: next() % 4 }, () => pick(['k', 'm', 'z'])))];
  const attrs = next() % 11 === 0 ? 'NULL'
    : `MAP(ARRAY[${keys.map((k) => `'${k}'`).join(', ')}], ARRAY[${keys.map(() => (next() % 7 === 0 ? 'NULL' : `BIGINT '${next() % 1000 - 500}'`)).join(', ')}])`;
  const p = next() % 9 === 0 ? 'NULL' : `ROW(${next() % 10 === 0 ? 'NULL' : `${(next() % 2000 - 1000) / 8}E0`}, ${next() % 100})`;
  nestedRows.push(`(${id}, ${tags}, ${attrs}, ${p})`);
}
runFloe(`CREATE TABLE s.n (id bigint, tags array(varchar), attrs map(varchar, bigint), p row(x double, y integer));
INSERT INTO s.n VALUES ${nestedRows.slice(0, 300).join(', ')};
INSERT INTO s.n VALUES ${nestedRows.slice(300).join(', ')};`, 'table');

const parquetFiles = (table) => {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.parquet')) found.push(path);
    }
  };
  walk(join(work, 'warehouse', 's', table));
  return found;
};
const files = parquetFiles('t');
const nestedFiles = parquetFiles('n');

const instance = await DuckDBInstance.create(':memory:');
const duck = await instance.connect();
await duck.run(`CREATE VIEW t AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`);
await duck.run(`CREATE VIEW n AS SELECT * FROM read_parquet([${nestedFiles.map((f) => `'${f}'`).join(', ')}])`);

// [floe SQL, DuckDB SQL (defaults to the same text with s.t -> t), ordered?]
const corpus = [
  ['SELECT count(*), count(region), count(qty), count(price), count(ratio), count(flag) FROM s.t'],
  ['SELECT sum(qty), sum(big), sum(price), min(price), max(price), min(day), max(day) FROM s.t'],
  // Trino's avg(decimal) is a decimal of the same scale (rounded half up); DuckDB's is a double.
  ['SELECT avg(qty), avg(price) FROM s.t', 'SELECT avg(qty), round(avg(price), 2) FROM t'],
  ['SELECT region, count(*), sum(qty), min(ratio), max(ratio) FROM s.t GROUP BY region'],
  ['SELECT region, flag, count(*) FROM s.t GROUP BY region, flag'],
  ['SELECT region, count(DISTINCT day), count(DISTINCT qty) FROM s.t GROUP BY region'],
  ['SELECT day, sum(price) FROM s.t WHERE day BETWEEN DATE \'2024-03-01\' AND DATE \'2024-04-15\' GROUP BY day'],
  ['SELECT id, qty, price FROM s.t WHERE qty > 900 OR price < 1 ORDER BY id', null, true],
  ['SELECT id FROM s.t WHERE region = \'east\' AND qty IS NULL ORDER BY id', null, true],
  ['SELECT id, region FROM s.t WHERE region LIKE \'%e%t\' ORDER BY id DESC LIMIT 25', null, true],
  ['SELECT region, sum(qty) AS total FROM s.t GROUP BY region HAVING sum(qty) > 0 ORDER BY total DESC, region', null, true],
  ['SELECT DISTINCT region FROM s.t ORDER BY region NULLS FIRST', null, true],
  ['SELECT qty * 3 - 7, abs(qty), -big FROM s.t WHERE id % 97 = 0 ORDER BY 1, 2, 3', null, true],
  ['SELECT price * 2, price + 0.05, price - qty FROM s.t WHERE id % 89 = 0 ORDER BY id', null, true],
  ['SELECT CASE WHEN qty > 0 THEN \'pos\' WHEN qty < 0 THEN \'neg\' ELSE \'zero-or-null\' END AS sign, count(*) FROM s.t GROUP BY 1'],
  ['SELECT coalesce(region, \'none\'), count(*) FROM s.t WHERE flag IS NOT DISTINCT FROM true GROUP BY 1'],
  ['SELECT year(day), month(day), count(*) FROM s.t GROUP BY 1, 2', 'SELECT year(day), month(day), count(*) FROM t GROUP BY 1, 2'],
  ['SELECT upper(region), length(region), substr(region, 2, 3) FROM s.t WHERE id < 40 ORDER BY id', null, true],
  ['SELECT id FROM s.t WHERE qty IN (1, 2, 3, -5, 500) OR region IN (\'a,b\') ORDER BY id', null, true],
  ['SELECT count(*) FROM s.t WHERE ratio > 0 AND NOT flag'],
  ['SELECT id, ratio FROM s.t WHERE ratio IS NOT NULL ORDER BY ratio DESC, id OFFSET 5 LIMIT 10',
   'SELECT id, ratio FROM t WHERE ratio IS NOT NULL ORDER BY ratio DESC, id LIMIT 10 OFFSET 5', true],
  ['SELECT round(ratio, 2), floor(ratio), ceil(ratio) FROM s.t WHERE id % 101 = 0 ORDER BY id', null, true],
  ['SELECT max(region), min(region) FROM s.t'],
  ['SELECT count(*) FROM s.t WHERE day >= DATE \'2024-07-01\''],
  ['SELECT sum(qty) FROM s.t WHERE id > 2990'],
  ['SELECT bool_and(flag), bool_or(flag), count_if(flag) FROM s.t', 'SELECT bool_and(flag), bool_or(flag), count_if(flag) FROM t'],
  ['WITH r AS (SELECT region, max(qty) AS top FROM s.t GROUP BY region) SELECT a.id, a.region, a.qty FROM s.t a JOIN r ON a.region = r.region AND a.qty = r.top ORDER BY a.id', null, true],
  ['SELECT a.region, count(*), sum(b.qty) FROM s.t a LEFT JOIN s.t b ON a.id = b.id + 1 AND b.flag GROUP BY a.region'],
  ['SELECT count(*), count(b.id) FROM s.t a FULL JOIN (SELECT id, qty FROM s.t WHERE qty > 500) b ON a.id = b.qty'],
  ['SELECT region FROM s.t WHERE qty > 990 UNION SELECT region FROM s.t WHERE qty < -990'],
  ['SELECT day FROM s.t WHERE flag INTERSECT SELECT day FROM s.t WHERE NOT flag'],
  ['SELECT region, flag FROM s.t EXCEPT SELECT region, flag FROM s.t WHERE qty > 0'],
  ['SELECT qty FROM s.t WHERE id < 50 UNION ALL SELECT qty FROM s.t WHERE id > 2950'],
  ['SELECT count(*) FROM s.t WHERE qty > (SELECT avg(qty) FROM s.t)'],
  ['SELECT region, count(*) FROM s.t WHERE day IN (SELECT day FROM s.t WHERE qty > 995) AND NOT EXISTS (SELECT 1 FROM s.t WHERE qty > 5000) GROUP BY region'],
  ['SELECT x.day, count(*) FROM (SELECT DISTINCT day FROM s.t WHERE day < DATE \'2024-02-01\') x CROSS JOIN (SELECT region FROM s.t WHERE id < 4) y GROUP BY x.day'],
  // Nested columns.
  ['SELECT id, tags FROM s.n ORDER BY id', 'SELECT id, tags FROM n ORDER BY id', true],
  ['SELECT id, cardinality(tags), element_at(tags, 1), element_at(tags, -1), cardinality(attrs), p.x, p.y FROM s.n ORDER BY id',
   'SELECT id, len(tags), tags[1], tags[-1], cardinality(attrs), p.x, p.y FROM n ORDER BY id', true],
  ['SELECT id, element_at(attrs, \'k\'), element_at(attrs, \'z\') FROM s.n WHERE attrs IS NOT NULL ORDER BY id',
   'SELECT id, attrs[\'k\'], attrs[\'z\'] FROM n WHERE attrs IS NOT NULL ORDER BY id', true],
  ['SELECT sum(cardinality(tags)), count(tags), count(attrs), count(p), sum(p.x), sum(p.y), min(p.x), max(p.y) FROM s.n',
   'SELECT sum(len(tags)), count(tags), count(attrs), count(p), sum(p.x), sum(p.y), min(p.x), max(p.y) FROM n'],
  ['SELECT count_if(contains(tags, \'ccc\')), count_if(p.x > 0) FROM s.n', 'SELECT count_if(list_contains(tags, \'ccc\')), count_if(p.x > 0) FROM n'],
  ['SELECT p.y % 3, count(*), sum(cardinality(tags)) FROM s.n WHERE p IS NOT NULL GROUP BY 1',
   'SELECT p.y % 3, count(*), sum(len(tags)) FROM n WHERE p IS NOT NULL GROUP BY 1'],
  ['SELECT id, map_keys(attrs) FROM s.n WHERE cardinality(attrs) > 1 ORDER BY id', 'SELECT id, map_keys(attrs) FROM n WHERE cardinality(attrs) > 1 ORDER BY id', true],
  // Window functions (ties broken by id, so every engine orders rows alike).
  ['SELECT id, row_number() OVER (PARTITION BY region ORDER BY qty, id), rank() OVER (PARTITION BY region ORDER BY qty), dense_rank() OVER (PARTITION BY region ORDER BY qty DESC) FROM s.t'],
  ['SELECT id, percent_rank() OVER (PARTITION BY region ORDER BY qty), cume_dist() OVER (PARTITION BY region ORDER BY qty), ntile(7) OVER (PARTITION BY flag ORDER BY id) FROM s.t'],
  ['SELECT id, sum(qty) OVER (PARTITION BY region ORDER BY day, id ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING), avg(ratio) OVER (PARTITION BY flag ORDER BY id), count(qty) OVER (PARTITION BY day) FROM s.t'],
  ['SELECT id, sum(big) OVER (PARTITION BY region ORDER BY qty), count(*) OVER (ORDER BY qty RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING), max(ratio) OVER (ORDER BY day DESC RANGE CURRENT ROW) FROM s.t'],
  ['SELECT id, count(*) OVER (ORDER BY qty GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING), sum(qty) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM s.t'],
  ['SELECT id, lag(qty, 2) OVER (ORDER BY id), lead(region, 1, \'zz\') OVER (PARTITION BY flag ORDER BY id), first_value(qty) OVER (PARTITION BY region ORDER BY id), last_value(qty) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), nth_value(qty, 3) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM s.t'],
  ['SELECT id, min(day) OVER (PARTITION BY region ORDER BY id ROWS 5 PRECEDING), max(price) OVER (PARTITION BY region), min(region) OVER () FROM s.t'],
  ['SELECT region, sum(qty), rank() OVER (ORDER BY sum(qty) DESC), sum(count(*)) OVER () FROM s.t GROUP BY region'],
  ['SELECT id, lag(qty) IGNORE NULLS OVER (PARTITION BY region ORDER BY id), lead(price, 2) IGNORE NULLS OVER (ORDER BY id), last_value(qty) IGNORE NULLS OVER (PARTITION BY flag ORDER BY id) FROM s.t',
   'SELECT id, lag(qty IGNORE NULLS) OVER (PARTITION BY region ORDER BY id), lead(price, 2 IGNORE NULLS) OVER (ORDER BY id), last_value(qty IGNORE NULLS) OVER (PARTITION BY flag ORDER BY id) FROM t'],
  ['SELECT id, qty FROM s.t ORDER BY row_number() OVER (PARTITION BY region ORDER BY qty DESC, id), id LIMIT 20', null, true],
  // Correlated subqueries.
  ['SELECT count(*) FROM s.t a WHERE EXISTS (SELECT 1 FROM s.t b WHERE b.qty = a.qty + 1)'],
  ['SELECT count(*) FROM s.t a WHERE NOT EXISTS (SELECT 1 FROM s.t b WHERE b.day = a.day AND b.flag)'],
  ['SELECT id, (SELECT max(qty) FROM s.t b WHERE b.region = a.region AND b.day = a.day), (SELECT count(*) FROM s.t b WHERE b.qty = a.qty) FROM s.t a WHERE id % 37 = 0'],
  ['SELECT count(*) FROM s.t a WHERE qty IN (SELECT qty + 1 FROM s.t b WHERE b.region = a.region)'],
  ['SELECT count(*), count(qty) FROM s.t a WHERE qty NOT IN (SELECT qty FROM s.t b WHERE b.day = a.day AND b.flag)'],
  ['SELECT id FROM s.t a WHERE ratio > (SELECT avg(ratio) FROM s.t b WHERE b.region = a.region AND b.flag = a.flag) AND id % 5 = 0'],
  // JOIN ... USING and NATURAL JOIN.
  ['SELECT * FROM (SELECT id, region, qty FROM s.t WHERE id < 100) x JOIN (SELECT id, day FROM s.t WHERE id % 3 = 0) y USING (id)'],
  ['SELECT region, count(*), count(flag) FROM (SELECT id, region FROM s.t) x FULL JOIN (SELECT id, flag FROM s.t WHERE qty > 0) y USING (id) GROUP BY region'],
  ['SELECT count(*), sum(qty) FROM (SELECT id, region, qty FROM s.t) x NATURAL JOIN (SELECT id, region FROM s.t WHERE flag) y'],
];

// Numbers compare with a relative tolerance; everything else exactly.
const norm = (v) => {
  if (v === null || v === undefined || v === 'NULL') return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?(E-?\d+)?$/i.test(v)) return Number(v);
  // DuckDB lists of strings as the Trino CLI shows arrays: [a, NULL].
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? 'NULL' : String(x))).join(', ')}]`;
  return String(v);
};
const same = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
};
const key = (row) => JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));

let passed = 0, failed = 0;
for (const [floeSql, duckSql, ordered] of corpus) {
  const duckText = duckSql ?? floeSql.replaceAll('s.t', 't');
  let floeRows, duckRows;
  try {
    floeRows = runFloe(floeSql + ';').split('\n').filter((l) => l.trim()).map((l) => Object.values(JSON.parse(l)).map(norm));
  } catch (e) {
    failed++;
    console.log(`FAIL (floe error) ${floeSql}\n  ${String(e.stderr || e.message).split('\n')[0]}`);
    continue;
  }
  try {
    const reader = await duck.runAndReadAll(duckText);
    duckRows = reader.getRowsJson().map((r) => r.map(norm));
  } catch (e) {
    failed++;
    console.log(`FAIL (duckdb error) ${duckText}\n  ${e.message.split('\n')[0]}`);
    continue;
  }
  if (!ordered) {
    floeRows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    duckRows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  let ok = floeRows.length === duckRows.length;
  for (let i = 0; ok && i < floeRows.length; i++) {
    ok = floeRows[i].length === duckRows[i].length && floeRows[i].every((v, c) => same(v, duckRows[i][c]));
  }
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${floeSql}\n  floe   (${floeRows.length} rows) ${JSON.stringify(floeRows.slice(0, 3))}\n  duckdb (${duckRows.length} rows) ${JSON.stringify(duckRows.slice(0, 3))}`);
  }
}
console.log(`${files.length + nestedFiles.length} Parquet files; ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
