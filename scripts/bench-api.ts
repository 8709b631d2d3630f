/**
 * `npm run bench:api`: the mini-program and staff API under load, against a bare baseline.
 *
 * Starts the service on MariaDB/MySQL with BENCH_MEMBERS synthetic members (default 100,000), then, after a
 * warm-up of every endpoint, with autocannon for BENCH_DURATION seconds and BENCH_CONNECTIONS connections each:
 *   1. bare   — a plain Koa handler reading one member by primary key with mysql2 directly (prepared
 *               statement, pool as large as the service's): the floor;
 *   2. /mp/me — the member's own profile through the full stack (session, member, consents, assistant);
 *      bare and /mp/me run in halves in the order bare, /mp/me, /mp/me, bare, so a change in the machine's
 *      background load during the run weighs on both alike (rps over both halves, p99 the worse half);
 *   3. /admin/members?tier=gold — the staff search (manager token, first page, count, audit row);
 *   4. /mp/me and bare again at half the bare throughput (fixed rate) for their p99 under moderate load.
 * Prints rps and p50/p99 for each and the ratio to bare. The servers run in a child process so the load
 * generator does not share their event loop.
 *
 * Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/laoke_bench; the database is
 * dropped and recreated unless BENCH_REUSE=1), BENCH_MEMBERS, BENCH_DURATION (s), BENCH_CONNECTIONS,
 * BENCH_WARMUP (s per endpoint, 3), BENCH_PROFILE (a folder: CPU profile of the server process).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/laoke_bench';
const SESSIONS = 500;

interface Ready {
  type: 'ready';
  laokePort: number;
  barePort: number;
  memberTokens: string[];
  memberIds: number[];
  managerToken: string;
  goldMembers: number;
}

// ---------------------------------------------------------------- child: the servers
async function serve(): Promise<void> {
  const { createConnection, createPool } = await import('mysql2/promise');
  const Koa = (await import('koa')).default;
  const { loadConfig } = await import('../src/config');
  const { createLaoke } = await import('../src/laoke');
  const { seedDemoStore } = await import('../src/db/demo-seed');
  const { createLogger } = await import('../src/shared/logger');
  const { Member } = await import('../src/members/member.entity');
  const { memberCodeFor } = await import('../src/members/member.service');

  const url = new URL(DB_URL.replace(/^mariadb:/, 'mysql:'));
  const dbName = url.pathname.replace(/^\//, '') || 'laoke_bench';
  if (!/^[A-Za-z0-9_]+$/.test(dbName)) throw new Error('BENCH_DATABASE_URL: database name must be [A-Za-z0-9_]');
  const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  const reuse = process.env.BENCH_REUSE === '1';
  if (!reuse) await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();

  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url.toString(),
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DATA_DIR: './data/bench',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
  });
  const laoke = await createLaoke(config, { log: createLogger('warn') });
  const seeded = await seedDemoStore(laoke.ds, laoke.services);
  const managerToken = seeded.managerToken ?? (await laoke.services.staff.issueToken((await laoke.services.staff.managers())[0].id, { label: 'bench' }));

  const repo = laoke.ds.getRepository(Member);
  const existing = await repo.count();
  const t0 = Date.now();
  if (existing < MEMBERS) {
    const maxRow = await repo.createQueryBuilder('m').select('MAX(m.id)', 'max').getRawOne<{ max: number | null }>();
    let nextId = Number(maxRow?.max ?? 0) + 1;
    const cipher = laoke.cipher;
    const now = new Date();
    const tiers = ['none', 'none', 'none', 'none', 'none', 'silver', 'silver', 'gold', 'gold', 'diamond'];
    const lifecycles = ['prospect', 'new', 'regular', 'regular', 'loyal', 'dormant'] as const;
    for (let left = MEMBERS - existing; left > 0; ) {
      const n = Math.min(1000, left);
      const rows = Array.from({ length: n }, () => {
        const id = nextId++;
        const phone = `13${String(100_000_000 + id).slice(-9)}`;
        return {
          id,
          code: memberCodeFor(id),
          name: `会员${id}`,
          nickname: `昵称${id}`,
          phoneEnc: cipher.encrypt(phone),
          phoneHash: cipher.lookupHash(phone),
          assistantId: 2 + (id % 2),
          tier: tiers[id % tiers.length],
          lifecycle: lifecycles[id % lifecycles.length],
          source: 'staff' as const,
          createdAt: now,
          updatedAt: now,
          lastContactAt: now,
        };
      });
      await repo.insert(rows);
      left -= n;
    }
  }
  const total = await repo.count();
  const goldMembers = await repo.countBy({ tier: 'gold' });
  process.stderr.write(`members: ${total} (${goldMembers} gold), generated in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  // Member sessions through the mini-program module's own service, for random members.
  const mp = laoke.services.mp;
  const memberIds: number[] = [];
  const memberTokens: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const id = 1 + Math.floor(Math.random() * total);
    memberIds.push(id);
    memberTokens.push((await mp.sessions.createSession(id)).token);
  }

  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<Server>((resolve) => {
      const s = createServer(handler).listen(0, '127.0.0.1', () => resolve(s));
    });
  const laokeServer = await listen(laoke.app.callback());

  // The baseline: the same primary-key read of a member with mysql2 directly, as a prepared statement (as
  // /mp/me's), on a pool of the same size as the service's.
  const connectionLimit = Number((laoke.ds.options as { extra?: { connectionLimit?: number } }).extra?.connectionLimit ?? 10);
  const pool = createPool({ uri: url.toString(), connectionLimit, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  const bare = new Koa();
  bare.use(async (ctx) => {
    const id = Number(ctx.path.slice(1));
    const [rows] = await pool.execute('SELECT * FROM `member` WHERE `id` = ?', [id]);
    const row = (rows as Record<string, unknown>[])[0];
    if (!row) {
      ctx.status = 404;
      ctx.body = { error: { code: 'not_found', message: 'Member not found' } };
      return;
    }
    ctx.body = { id: row.id, code: row.code, name: row.name, nickname: row.nickname, tier: row.tier, lifecycle: row.lifecycle };
  });
  const bareServer = await listen(bare.callback());

  const ready: Ready = {
    type: 'ready',
    laokePort: (laokeServer.address() as AddressInfo).port,
    barePort: (bareServer.address() as AddressInfo).port,
    memberTokens,
    memberIds,
    managerToken,
    goldMembers,
  };
  process.send!(ready);
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'cpu') {
      const own = process.cpuUsage();
      process.send!({ type: 'cpu', node: own.user + own.system, db: databaseCpuMicros() });
      return;
    }
    if (m.type !== 'stop') return;
    // Close the servers first: requests the load generator left in flight must not meet a closed pool.
    for (const s of [laokeServer, bareServer]) {
      s.closeAllConnections();
      s.close();
    }
    // Requests already read when the sockets closed still run their handlers: let them finish.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await laoke.stop();
    await pool.end();
    process.exit(0);
  });
}

/** CPU time (µs) of the local MariaDB/MySQL server process so far, from /proc; null when not found (remote). */
function databaseCpuMicros(): number | null {
  for (const pid of readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // the process ended while being read
    }
  }
  return null;
}

// ---------------------------------------------------------------- parent: the load
interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU per request (µs) of the server process and of the database, measured at a fixed rate only. */
  cpu?: { node: number; db: number | null };
}

async function load(name: string, opts: autocannon.Options, duration = DURATION): Promise<Measured> {
  const r = await autocannon({ duration, connections: CONNECTIONS, ...opts });
  return { name, rps: r.requests.total / duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Two halves of one measurement: rps over both, p50 their mean, p99 the worse one. */
function joined(a: Measured, b: Measured): Measured {
  return { name: a.name, rps: (a.rps + b.rps) / 2, p50: (a.p50 + b.p50) / 2, p99: Math.max(a.p99, b.p99), errors: a.errors + b.errors, non2xx: a.non2xx + b.non2xx };
}

function pick<T>(list: T[]): T {
  return list[Math.floor(Math.random() * list.length)];
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the server process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child: ChildProcess = fork(__filename, ['--serve'], { execArgv: ['-r', 'ts-node/register/transpile-only', ...profile], stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
  });
  const laoke = `http://127.0.0.1:${ready.laokePort}`;
  const bareUrl = `http://127.0.0.1:${ready.barePort}`;
  const memberRequest = {
    method: 'GET' as const,
    path: '/mp/me',
    setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${pick(ready.memberTokens)}` } }),
  };
  console.log(`bench:api — ${MEMBERS.toLocaleString('en')} members, ${CONNECTIONS} connections, ${DURATION} s per run, ${SESSIONS} member sessions, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

  const bareTarget = { url: bareUrl, requests: [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/${pick(ready.memberIds)}` }) }] };
  const meTarget = { url: laoke, requests: [memberRequest] };
  const goldTarget = {
    url: laoke,
    requests: [{ method: 'GET' as const, path: '/admin/members?tier=gold', headers: { authorization: `Bearer ${ready.managerToken}` } }],
  };

  // Warm-up of each endpoint with the measured load: JIT, prepared statements, connection pools, InnoDB buffer pool.
  const WARM_UP = Number(process.env.BENCH_WARMUP ?? 3);
  for (const target of [bareTarget, meTarget, goldTarget]) await autocannon({ ...target, duration: WARM_UP, connections: CONNECTIONS });

  const half = DURATION / 2;
  const bare1 = await load('bare Koa + mysql2 (PK read)', bareTarget, half);
  const me1 = await load('GET /mp/me', meTarget, half);
  const me2 = await load('GET /mp/me', meTarget, half);
  const bare2 = await load('bare Koa + mysql2 (PK read)', bareTarget, half);
  const bare = joined(bare1, bare2);
  const me = joined(me1, me2);
  const gold = await load('GET /admin/members?tier=gold', goldTarget);
  const halfRate = Math.max(1, Math.floor(bare.rps / 2));
  // At a fixed rate, the CPU each request costs the server process and the database (busy machines make
  // rps noisy; CPU per request much less so).
  const cpuNow = () =>
    new Promise<{ node: number; db: number | null }>((resolve) => {
      const onMessage = (m: { type: string; node: number; db: number | null }) => {
        if (m.type !== 'cpu') return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ type: 'cpu' });
    });
  const withCpu = async (run: () => Promise<Measured>): Promise<Measured> => {
    const before = await cpuNow();
    const r = await run();
    const after = await cpuNow();
    const n = r.rps * DURATION;
    return { ...r, cpu: { node: (after.node - before.node) / n, db: after.db === null || before.db === null ? null : (after.db - before.db) / n } };
  };
  const meHalf = await withCpu(() => load(`GET /mp/me at ${halfRate} rps (half bare)`, { ...meTarget, overallRate: halfRate }));
  const bareHalf = await withCpu(() => load(`bare at ${halfRate} rps (half bare)`, { ...bareTarget, overallRate: halfRate }));

  const rows = [bare, me, gold, meHalf, bareHalf];
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
  console.log(pad('run', 44) + pad('rps', 10) + pad('p50 ms', 9) + pad('p99 ms', 9) + pad('vs bare', 9) + 'errors/non-2xx');
  for (const r of rows) {
    console.log(
      pad(r.name, 44) + pad(r.rps.toFixed(0), 10) + pad(String(r.p50), 9) + pad(String(r.p99), 9) + pad(`${((r.rps / bare.rps) * 100).toFixed(0)}%`, 9) + `${r.errors}/${r.non2xx}`,
    );
  }
  const ratio = me.rps / bare.rps;
  console.log('');
  console.log(`/mp/me throughput: ${(ratio * 100).toFixed(0)}% of bare (target ≥ 60%) — ${ratio >= 0.6 ? 'met' : 'MISSED'}`);
  for (const r of [meHalf, bareHalf]) {
    console.log(`CPU per request, ${r.name}: server ${r.cpu!.node.toFixed(0)} µs, database ${r.cpu!.db === null ? 'n/a' : `${r.cpu!.db.toFixed(0)} µs`}`);
  }
  console.log(`/mp/me p99 at half the bare load: ${meHalf.p99} ms (target < 25 ms) — ${meHalf.p99 < 25 ? 'met' : 'MISSED'}`);
  console.log(`(gold members in the search: ${ready.goldMembers.toLocaleString('en')}; load average after the run ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
