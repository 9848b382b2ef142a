// SQL benchmark: the same queries on floe (an Iceberg table it wrote, via
// `floe sql`) and on DuckDB (the same Parquet files, threads=1), best of N.
// floe's time is the whole `floe sql -c` process (startup, catalog load,
// planning, execution), so it overstates the engine's share.
// Usage: node test/sql/bench_duckdb.mjs FLOE_BINARY WORK_DIR [ROWS] [RUNS]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [floe, work, rowsArg = '1000000', runsArg = '3'] = process.argv.slice(2);
const rows = Number(rowsArg), runs = Number(runsArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const args = ['sql', '--warehouse', join(work, 'warehouse'), '--catalog-uri', join(work, 'catalog.db'), '--format', 'csv'];
const floeSql = (sql) => execFileSync(floe, [...args, '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

// Deterministic rows from a cross join of two VALUES lists.
const side = Math.ceil(Math.sqrt(rows));
const list = Array.from({ length: side }, (_, i) => `(${i})`).join(', ');
let start = process.hrtime.bigint();
floeSql(`CREATE SCHEMA b;
CREATE TABLE b.t AS SELECT a.x * ${side} + c.y AS id, (a.x * 7 + c.y * 13) % 100 AS k,
  CAST(((a.x * 31 + c.y * 17) % 10000) AS decimal(12, 2)) / 100 AS price, (a.x + c.y) % 2 = 0 AS flag
  FROM (VALUES ${list}) a (x) CROSS JOIN (VALUES ${list}) c (y);`);
const loadSeconds = Number(process.hrtime.bigint() - start) / 1e9;

const files = [];
const walk = (dir) => { for (const n of readdirSync(dir)) { const p = join(dir, n); if (statSync(p).isDirectory()) walk(p); else if (n.endsWith('.parquet')) files.push(p); } };
walk(join(work, 'warehouse'));
const instance = await DuckDBInstance.create(':memory:');
const duck = await instance.connect();
await duck.run('SET threads=1');
await duck.run(`CREATE VIEW t AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`);

const queries = [
  ['count', 'SELECT count(*) FROM b.t'],
  ['filter+sum', 'SELECT sum(price) FROM b.t WHERE k < 10'],
  ['group by', 'SELECT k, count(*), sum(price), avg(id) FROM b.t GROUP BY k ORDER BY k'],
  ['order by limit', 'SELECT id, price FROM b.t ORDER BY price DESC, id LIMIT 10'],
  ['window rank', 'SELECT count(*), sum(r) FROM (SELECT rank() OVER (PARTITION BY k ORDER BY price DESC) AS r FROM b.t) w'],
  ['window running sum', 'SELECT max(s) FROM (SELECT sum(price) OVER (PARTITION BY k ORDER BY id ROWS UNBOUNDED PRECEDING) AS s FROM b.t) w'],
  ['correlated EXISTS', 'SELECT count(*) FROM b.t a WHERE a.k < 50 AND EXISTS (SELECT 1 FROM b.t c WHERE c.id = a.id AND c.flag)'],
  ['correlated scalar', 'SELECT sum(x) FROM (SELECT (SELECT count(*) FROM b.t c WHERE c.k = a.k) AS x FROM b.t a WHERE a.id < 1000) s'],
];
const best = async (fn) => { let b = Infinity; for (let i = 0; i < runs; i++) { const s = process.hrtime.bigint(); await fn(); b = Math.min(b, Number(process.hrtime.bigint() - s) / 1e9); } return b; };
console.log(`${side * side} rows in ${files.length} file(s); loaded by floe (CREATE TABLE AS) in ${loadSeconds.toFixed(2)} s; best of ${runs}`);
console.log('| query | floe (process) | DuckDB (threads=1) | floe / DuckDB |');
console.log('|---|---|---|---|');
for (const [name, sql] of queries) {
  const f = await best(() => floeSql(sql + ';'));
  const d = await best(async () => (await duck.runAndReadAll(sql.replaceAll('b.t', 't'))).getRows());
  console.log(`| ${name} | ${f.toFixed(3)} s | ${d.toFixed(3)} s | ${(f / d).toFixed(1)} |`);
}
