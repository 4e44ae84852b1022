// Test helper: starts the real cshub binary on a free loopback port against a
// fresh temporary database, and speaks raw HTTP to it when fetch() would
// normalise what the test needs to send.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How long a server may take to exit after a signal before it is killed. */
const STOP_TIMEOUT_MS = 20000;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cshubBin = path.resolve(repoRoot, process.env.CSHUB_BIN || 'build/cshub');

/** Runs a cshub subcommand to completion; returns {status, stdout, stderr}. */
export function runCshub(args, { input, env } = {}) {
  try {
    const stdout = execFileSync(cshubBin, args, {
      input, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8',
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/** A fresh temporary directory removed by the caller through cleanup(). */
export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cshub-test-'));
}

/**
 * Starts `cshub serve` on 127.0.0.1 with an OS-chosen port and waits for its
 * "listening" log line. Options: demo (true: the demo agencies and first seven
 * accounts; 'full': the whole demo partnership with its casework), args, env, db,
 * startSeconds (how long to wait: a benchmark's network takes a while to load).
 */
export async function startServer({ demo = false, args = [], env = {}, db, startSeconds = 15 } = {}) {
  const dir = tempDir();
  const dbPath = db || path.join(dir, 'test.db');
  if (demo) {
    const r = runCshub(['demo', '--db', dbPath, ...(demo === 'full' ? [] : ['--accounts-only'])]);
    if (r.status !== 0) throw new Error(`cshub demo failed: ${r.stderr}`);
  }
  const child = spawn(cshubBin, ['serve', '--db', dbPath, '--listen', '127.0.0.1:0',
    '--web', path.join(repoRoot, 'build/web'), ...args], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logLines = [];
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${buffered}`)), startSeconds * 1000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        logLines.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.event === 'listening') { clearTimeout(timer); resolve(entry.port); }
        } catch { /* not JSON: kept in logLines for the test to inspect */ }
      }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${logLines.join('\n')}${buffered}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  let stopped = null;
  return {
    url, port, dbPath, dir, child, logLines, exited,
    /**
     * Sends a signal (SIGTERM by default) and resolves to the exit {code, signal}.
     * A server that does not exit 0 after SIGTERM (a crash, or a leak or
     * memory error reported by the sanitizers) fails the calling test; one
     * that has not exited after STOP_TIMEOUT_MS is killed and fails it too.
     */
    async stop(signal = 'SIGTERM') {
      if (!stopped) {
        child.kill(signal);
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        stopped = await exited;
        clearTimeout(killer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      if (signal === 'SIGTERM' && stopped.code !== 0) {
        throw new Error(`server exited with ${stopped.code ?? stopped.signal}:\n${logLines.slice(-40).join('\n')}`);
      }
      return stopped;
    },
  };
}

/**
 * Sends bytes exactly as given over a new TCP connection and resolves to
 * {status, headers (lower-case names), body} once the server closes or the
 * response is complete (Content-Length read).
 */
export function rawRequest(port, requestText) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    socket.setTimeout(10000, () => { socket.destroy(); reject(new Error('raw request timed out')); });
    socket.on('data', (c) => {
      chunks.push(c);
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed) { socket.destroy(); resolve(parsed); }
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const parsed = parseResponse(Buffer.concat(chunks), true);
      if (parsed) resolve(parsed); else reject(new Error('incomplete response'));
    });
    socket.write(requestText);
  });
}

function parseResponse(buf, atEnd = false) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const body = buf.subarray(headEnd + 4);
  const length = headers['content-length'];
  if (length !== undefined && body.length >= Number(length)) {
    return { status, headers, body: body.subarray(0, Number(length)).toString('utf8') };
  }
  if (atEnd) return { status, headers, body: body.toString('utf8') };
  return null;
}
