// Prints the HTTP throughput benchmark's figures (the JSON line that
// bench/throughput.mjs wrote to FILE) as a table beside nginx, against
// issue 12's goals, PASS or MISS for each.
//   node bench/throughput-report.mjs FILE
import fs from 'node:fs';

const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const n = (x, digits = 0) => (x === null || x === undefined ? '-' : x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

const ratio = r.cshub_get.rps / r.nginx_get.rps;
const rows = [
  ['nginx: GET the same bytes', r.nginx_get, '-', '-'],
  ['cshub: GET /api/v1/people/{id}, audited', r.cshub_get, `${n(ratio * 100, 1)}% of nginx`,
    `>= 50% of nginx, p99 <= 10 ms: ${verdict(ratio >= 0.5 && r.cshub_get.p99_ms <= 10)}`],
  ['cshub: POST /api/v1/concerns', r.post_16, '-',
    `>= 10,000/s, p99 <= 20 ms: ${verdict(r.post_16.rps >= 10000 && r.post_16.p99_ms <= 20)}`],
  ['cshub: POST /api/v1/concerns', r.post_64, '-',
    `>= 10,000/s, p99 <= 20 ms: ${verdict(r.post_64.rps >= 10000 && r.post_64.p99_ms <= 20)}`],
];
const table = [['', 'conns', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'ratio', 'goal'],
  ...rows.map(([name, m, rel, goal]) => [name, String(m.connections), n(m.rps), n(m.p50_ms, 2), n(m.p99_ms, 2),
    String(m.non_2xx + m.socket_errors), rel, goal])];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(`\nHTTP throughput (${r.machine.cpus} cores, ${r.machine.cpu}; cshub ${r.server_threads} threads, ` +
  `wrk ${r.wrk_threads} threads on the same cores; ${r.seconds} s each after a warm-up; ` +
  `${n(r.people)} young people, a ${r.person_bytes}-byte answer)`);
for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
const a = r.audit;
console.log(`\naudit log per 1,000 reads: ${n(a.bytes_per_1000_reads)} bytes (events ${n(a.log_bytes_per_1000_reads)}, ` +
  `index of released records ${a.index_bytes_per_1000_reads === null ? 'not reached' : n(a.index_bytes_per_1000_reads)}` +
  `; plus ${n(a.anchor_file_bytes_per_1000_reads)} bytes of anchor file), from ${n(a.events)} events; ` +
  `the index was ${n(a.index_lag_events)} events behind when the reads stopped`);
console.log(`POST durable: ${n(r.concerns_added)} concerns stored, ${n(r.concerns_acknowledged_at_least)} acknowledged ` +
  `(201) as wrk counted them: ${r.every_acknowledged_concern_stored ? 'PASS, every acknowledged concern is in the database' : 'MISS'}`);
