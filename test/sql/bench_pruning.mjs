// Pruning benchmark: a table partitioned by day(ts) over a year, one data
// file per day; a query for one day reads one file and skips the rest. Prints
// the files and row groups EXPLAIN ANALYZE reports read and skipped, and the
// times of the selective query and of a full scan, on floe and on DuckDB
// over the same Parquet files (threads=1), best of N.
// floe's time is the whole `floe sql -c` process (startup, catalog load,
// planning, execution).
// Usage: node test/sql/bench_pruning.mjs FLOE_BINARY WORK_DIR [ROWS_PER_DAY] [RUNS]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [floe, work, perDayArg = '3000', runsArg = '5'] = process.argv.slice(2);
const perDay = Number(perDayArg), runs = Number(runsArg);
const days = 366;  // 2024
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const args = ['sql', '--warehouse', join(work, 'warehouse'), '--catalog-uri', join(work, 'catalog.db'), '--format', 'csv'];
const floeSql = (sql) => execFileSync(floe, [...args, '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

const values = (n) => Array.from({ length: n }, (_, i) => `(${i})`).join(', ');
let start = process.hrtime.bigint();
floeSql(`CREATE SCHEMA p;
CREATE TABLE p.events WITH (partitioning = ARRAY['day(ts)']) AS
  SELECT d.x * ${perDay} + r.y AS id,
         CAST(from_unixtime(1704067200 + d.x * 86400 + r.y * ${Math.floor(86400 / perDay)}) AS timestamp(6) with time zone) AS ts,
         (d.x * 7 + r.y * 13) % 1000 AS v
  FROM (VALUES ${values(days)}) d (x) CROSS JOIN (VALUES ${values(perDay)}) r (y);`);
const loadSeconds = Number(process.hrtime.bigint() - start) / 1e9;

const files = [];
const walk = (dir) => { for (const n of readdirSync(dir)) { const p = join(dir, n); if (statSync(p).isDirectory()) walk(p); else if (n.endsWith('.parquet')) files.push(p); } };
walk(join(work, 'warehouse'));

const selective = "SELECT count(*), sum(v) FROM p.events WHERE ts >= TIMESTAMP '2024-06-01 00:00:00 UTC' AND ts < TIMESTAMP '2024-06-02 00:00:00 UTC'";
const byId = `SELECT count(*), sum(v) FROM p.events WHERE id BETWEEN ${200 * perDay} AND ${200 * perDay + 99}`;
const full = 'SELECT count(*), sum(v) FROM p.events';

const analyze = (sql) => {
  const text = floeSql(`EXPLAIN ANALYZE ${sql};`);
  const scan = text.match(/files: (\d+) read, (\d+) skipped/);
  const executed = text.match(/from (\d+) files \((\d+) pruned\), (\d+) row groups read, (\d+) skipped/);
  return { planned: Number(scan[1]), skipped: Number(scan[2]), groupsRead: Number(executed[3]), groupsSkipped: Number(executed[4]) };
};

const instance = await DuckDBInstance.create(':memory:');
const duck = await instance.connect();
await duck.run('SET threads=1');
await duck.run(`CREATE VIEW events AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`);
const duckSql = (sql) => sql.replaceAll('p.events', 'events').replaceAll(" UTC'", "+00'").replaceAll('TIMESTAMP ', 'TIMESTAMPTZ ');

// The answers agree.
const floeAnswer = (sql) => floeSql(sql + ';').trim().split('\n').at(-1);
const duckAnswer = async (sql) => (await duck.runAndReadAll(duckSql(sql))).getRows()[0].map(String).join(',');
for (const sql of [selective, byId, full]) {
  const [f, d] = [floeAnswer(sql), await duckAnswer(sql)];
  if (f !== d) throw new Error(`answers differ for ${sql}: floe ${f}, DuckDB ${d}`);
}

const best = async (fn) => { let b = Infinity; for (let i = 0; i < runs; i++) { const s = process.hrtime.bigint(); await fn(); b = Math.min(b, Number(process.hrtime.bigint() - s) / 1e9); } return b; };
console.log(`${days * perDay} rows in ${files.length} data files (day(ts) over 2024); loaded by floe (CREATE TABLE AS) in ${loadSeconds.toFixed(2)} s; best of ${runs}`);
console.log('| query | files read / skipped | row groups read / skipped | floe (process) | DuckDB (threads=1) | floe / DuckDB |');
console.log('|---|---|---|---|---|---|');
for (const [name, sql] of [['one day (partition pruning)', selective], ['100 ids (metrics pruning)', byId], ['full scan', full]]) {
  const counts = analyze(sql);
  const f = await best(() => floeSql(sql + ';'));
  const d = await best(async () => (await duck.runAndReadAll(duckSql(sql))).getRows());
  console.log(`| ${name} | ${counts.planned} / ${counts.skipped} | ${counts.groupsRead} / ${counts.groupsSkipped} | ` +
              `${f.toFixed(3)} s | ${d.toFixed(3)} s | ${(f / d).toFixed(2)} |`);
}
