// The network benchmark through HTTP: starts `cshub serve` on the
// generated database (DIR/network.db), signs in as the bench coordinator
// and asks for the depth-2 neighbourhood of each subject in
// DIR/subjects.txt, one request after another: timed by a client in C
// (bench/http_timer.c, the goal's figures), then by node's own HTTP
// client (shown beside them: it adds its own event loop and garbage
// collector). Then each whole-graph analysis once. Prints one JSON line
// of timings.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cshubBin, repoRoot } from '../tests/lib/server.mjs';

/* The server writes its log to a file, as in service, not into this
 * process: reading a log line per request here would land inside the
 * timings. Its lines are read once the timings are done. */
async function startServer(db) {
  const logPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cshub-bench-')), 'server.log');
  const log = fs.openSync(logPath, 'w');
  const child = spawn(cshubBin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2',
    '--web', path.join(repoRoot, 'build/web')], { stdio: ['ignore', 'ignore', log] });
  fs.closeSync(log);
  const logLines = () => fs.readFileSync(logPath, 'utf8').trim().split('\n');
  for (let waited = 0; waited < 120000; waited += 100) {
    const listening = logLines().map((l) => { try { return JSON.parse(l); } catch { return {}; } })
      .find((e) => e.event === 'listening');
    if (listening) {
      return { url: `http://127.0.0.1:${listening.port}`, logLines,
        stop: () => new Promise((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); }) };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start: ${logLines().slice(-5).join('\n')}`);
}

const dir = process.argv[2];
const subjects = fs.readFileSync(path.join(dir, 'subjects.txt'), 'utf8').trim().split('\n').map((line) => line.split(' ')[1]);
const server = await startServer(path.join(dir, 'network.db'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
try {
  const signIn = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'bench.coordinator@kestrel-vale.example', password: 'bench-network-passphrase' }) });
  if (signIn.status !== 201) throw new Error(`sign-in: ${signIn.status}`);
  const headers = { Cookie: signIn.headers.get('set-cookie').split(';')[0] };
  // Timed from the request to the last byte of the answer, over one
  // kept-alive connection (node's plain HTTP client: fetch adds a
  // millisecond of its own); reading the JSON into objects is the client's
  // work, done after the clock stops.
  const fetchBytes = (query) => new Promise((resolve, reject) => {
    http.get(`${server.url}/api/v1/${query}`, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
  const fetchAndDrop = (query) => new Promise((resolve, reject) => {
    http.get(`${server.url}/api/v1/${query}`, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    }).on('error', reject);
  });
  const get = async (query) => {
    const started = process.hrtime.bigint();
    const r = await fetchBytes(query);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const body = JSON.parse(r.bytes.toString('utf8'));
    if (r.status !== 200) throw new Error(`${query}: ${r.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  for (const id of subjects.slice(0, 50)) await get(`network?subject=${id}&depth=2`); // warm up
  // The goal's figures: bench/http_timer.c, after its own warm-up.
  const timer = spawnSync(path.join(repoRoot, process.env.BUILD || 'build', 'bench/http_timer'),
    [new URL(server.url).port, dir], { input: `${headers.Cookie}\n`, encoding: 'utf8' });
  if (timer.status !== 0) throw new Error(`http_timer: ${timer.stderr}`);
  const c = JSON.parse(timer.stdout.trim());
  // Then node's client: the answers are received and dropped (keeping
  // 1,000 of them, or reading each into objects, would put its garbage
  // collection inside the timings); a second pass reads them to count.
  const latencies = [];
  for (const id of subjects) {
    const started = process.hrtime.bigint();
    const status = await fetchAndDrop(`network?subject=${id}&depth=2`);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (status !== 200) throw new Error(`neighbourhood of ${id}: ${status}`);
  }
  let nodes = 0;
  for (const id of subjects) nodes += (await get(`network?subject=${id}&depth=2`)).body.nodes.length;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))];
  const whole = {};
  for (const [name, query] of [['groups', 'network/groups?min_size=2&limit=5&members=5'],
    ['louvain', 'network/communities?method=louvain&limit=5&members=5'],
    ['leiden', 'network/communities?method=leiden&limit=5&members=5'],
    ['hotspots', 'network/hotspots?limit=20']]) {
    whole[`http_${name}_s`] = (await get(query)).ms / 1000;
  }
  const events = server.logLines().map((l) => { try { return JSON.parse(l); } catch { return {}; } });
  const loaded = events.find((e) => e.event === 'network_index_loaded');
  const inServer = events.filter((e) => e.event === 'request' && e.route === '/api/v1/network').slice(100, 100 + c.requests)
    .map((e) => e.duration_ms).sort((a, b) => a - b);
  const serverAt = (p) => inServer[Math.min(inServer.length - 1, Math.floor((inServer.length * p) / 100))];
  console.log(JSON.stringify({ http_neighbourhood_p50_ms: c.p50_ms, http_neighbourhood_p99_ms: c.p99_ms,
    http_neighbourhood_max_ms: c.max_ms, http_neighbourhood_mean_bytes: c.mean_bytes,
    node_neighbourhood_p50_ms: at(50), node_neighbourhood_p99_ms: at(99),
    server_neighbourhood_p50_ms: serverAt(50), server_neighbourhood_p99_ms: serverAt(99),
    http_neighbourhood_mean_nodes: nodes / latencies.length, server_index_load_s: loaded?.seconds, ...whole }));
} finally {
  agent.destroy();
  await server.stop();
}
