// SQL benchmark: the same queries on floe (an Iceberg table it wrote, via
// `floe sql`) and on DuckDB (the same Parquet files, threads=1 and
// threads=2), best of N. floe's time is the whole `floe sql -c` process
// (startup, catalog load, planning, execution; FLOE_THREADS sets its worker
// threads, one per core by default), so it overstates the engine's share;
// the table also shows it minus the process floor (`SELECT 1`).
// FILES > 1 partitions the table by bucket(id, FILES): that many data files,
// the morsels floe's scans run in parallel.
// Usage: node test/sql/bench_duckdb.mjs FLOE_BINARY WORK_DIR [ROWS] [RUNS] [FILES]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [floe, work, rowsArg = '1000000', runsArg = '3', filesArg = '1'] = process.argv.slice(2);
const rows = Number(rowsArg), runs = Number(runsArg), fileCount = Number(filesArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const args = ['sql', '--warehouse', join(work, 'warehouse'), '--catalog-uri', join(work, 'catalog.db'), '--format', 'csv'];
const floeSql = (sql) => execFileSync(floe, [...args, '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

// Deterministic rows from a cross join of two VALUES lists.
const side = Math.ceil(Math.sqrt(rows));
const list = Array.from({ length: side }, (_, i) => `(${i})`).join(', ');
let start = process.hrtime.bigint();
const partitioning = fileCount > 1 ? ` WITH (partitioning = ARRAY['bucket(id, ${fileCount})'])` : '';
floeSql(`CREATE SCHEMA b;
CREATE TABLE b.d AS SELECT x AS k, x * 3 AS w FROM (VALUES ${Array.from({ length: 100 }, (_, i) => `(${i})`).join(', ')}) v (x);
CREATE TABLE b.t${partitioning} AS SELECT a.x * ${side} + c.y AS id, (a.x * 7 + c.y * 13) % 100 AS k,
  CAST(((a.x * 31 + c.y * 17) % 10000) AS decimal(12, 2)) / 100 AS price, (a.x + c.y) % 2 = 0 AS flag
  FROM (VALUES ${list}) a (x) CROSS JOIN (VALUES ${list}) c (y);`);
const loadSeconds = Number(process.hrtime.bigint() - start) / 1e9;

const files = [];
const walk = (dir) => { for (const n of readdirSync(dir)) { const p = join(dir, n); if (statSync(p).isDirectory()) walk(p); else if (n.endsWith('.parquet')) files.push(p); } };
walk(join(work, 'warehouse', 'b', 't'));
const dimension = [];
const walkDimension = (dir) => { for (const n of readdirSync(dir)) { const p = join(dir, n); if (statSync(p).isDirectory()) walkDimension(p); else if (n.endsWith('.parquet')) dimension.push(p); } };
walkDimension(join(work, 'warehouse', 'b', 'd'));
const instance = await DuckDBInstance.create(':memory:');
const duck = await instance.connect();
await duck.run(`CREATE VIEW t AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`);
await duck.run(`CREATE VIEW d AS SELECT * FROM read_parquet([${dimension.map((f) => `'${f}'`).join(', ')}])`);

const queries = [
  ['count', 'SELECT count(*) FROM b.t'],
  ['filter+sum', 'SELECT sum(price) FROM b.t WHERE k < 10'],
  ['group by', 'SELECT k, count(*), sum(price), avg(id) FROM b.t GROUP BY k ORDER BY k'],
  ['order by limit', 'SELECT id, price FROM b.t ORDER BY price DESC, id LIMIT 10'],
  ['group by 100k groups', 'SELECT id % 100000 AS g, count(*), sum(price) FROM b.t GROUP BY id % 100000 ORDER BY 3 DESC, 1 LIMIT 3'],
  ['join + group by', 'SELECT b.t.k, count(*), sum(b.d.w) FROM b.t JOIN b.d ON b.t.k = b.d.k WHERE b.t.flag GROUP BY b.t.k ORDER BY b.t.k LIMIT 3'],
  ['window rank', 'SELECT count(*), sum(r) FROM (SELECT rank() OVER (PARTITION BY k ORDER BY price DESC) AS r FROM b.t) w'],
  ['window running sum', 'SELECT max(s) FROM (SELECT sum(price) OVER (PARTITION BY k ORDER BY id ROWS UNBOUNDED PRECEDING) AS s FROM b.t) w'],
  ['correlated EXISTS', 'SELECT count(*) FROM b.t a WHERE a.k < 50 AND EXISTS (SELECT 1 FROM b.t c WHERE c.id = a.id AND c.flag)'],
  ['correlated scalar', 'SELECT sum(x) FROM (SELECT (SELECT count(*) FROM b.t c WHERE c.k = a.k) AS x FROM b.t a WHERE a.id < 1000) s'],
];
const best = async (fn, n = runs) => { let b = Infinity; for (let i = 0; i < n; i++) { const s = process.hrtime.bigint(); await fn(); b = Math.min(b, Number(process.hrtime.bigint() - s) / 1e9); } return b; };
console.log(`${side * side} rows in ${files.length} file(s); loaded by floe (CREATE TABLE AS) in ${loadSeconds.toFixed(2)} s; best of ${runs}`);
// The process floor (startup, shared libraries, catalog): `floe sql -c 'SELECT 1'`.
const floor = await best(() => floeSql('SELECT 1;'), Math.max(10, 3 * runs));
console.log(`floe process floor (SELECT 1): ${floor.toFixed(3)} s; "floe - floor" estimates the query's own time`);
console.log('| query | floe (process) | floe - floor | DuckDB threads=1 | DuckDB threads=2 | floe / DuckDB 1 | floe / DuckDB 2 | (floe - floor) / DuckDB 2 |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, sql] of queries) {
  const f = await best(() => floeSql(sql + ';'));
  const own = Math.max(f - floor, 0.001);
  const duckSql = sql.replaceAll('b.t', 't').replaceAll('b.d', 'd');
  await duck.run('SET threads=1');
  const d1 = await best(async () => (await duck.runAndReadAll(duckSql)).getRows());
  await duck.run('SET threads=2');
  const d2 = await best(async () => (await duck.runAndReadAll(duckSql)).getRows());
  console.log(`| ${name} | ${f.toFixed(3)} s | ${own.toFixed(3)} s | ${d1.toFixed(3)} s | ${d2.toFixed(3)} s | ${(f / d1).toFixed(1)} | ${(f / d2).toFixed(1)} | ${(own / d2).toFixed(1)} |`);
}
