import 'reflect-metadata';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { CarePlanner } from '../src/care/care-planner';
import { createDataSource } from '../src/db/data-source';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { AdjustableClock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';
import { TemplateLibrary } from '../src/shared/templates';
async function main() {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/bench-care.sqlite' });
  const ds = createDataSource(config.db); await ds.initialize();
  const orig = ds.createQueryRunner.bind(ds);
  const planner = new CarePlanner({ ds, clock: new AdjustableClock(), log: createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() })), templates: new TemplateLibrary(join(__dirname, '..', 'templates')), care: config.CARE_CONFIG, timezone: 'Asia/Shanghai', storeName: 'x' });
  await ds.createQueryBuilder().delete().from(OutboxMessage).execute();
  await planner.planDay('2026-03-11');
  const qr = (ds.driver as any);
  const times: [number, string][] = [];
  const origQuery = (require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner').BetterSqlite3QueryRunner.prototype.query);
  require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner').BetterSqlite3QueryRunner.prototype.query = async function (q: string, p: any, s: any) { const t = process.hrtime.bigint(); const r = await origQuery.call(this, q, p, s); times.push([Number(process.hrtime.bigint() - t) / 1e6, q.slice(0, 140)]); return r; };
  const t = Date.now();
  const s = await planner.planDay('2026-03-12');
  console.log(Date.now() - t, JSON.stringify(s.byOccasion));
  const total = times.reduce((a, b) => a + b[0], 0);
  console.log('db total', total.toFixed(1), 'queries', times.length);
  times.sort((a, b) => b[0] - a[0]).slice(0, 8).forEach((x) => console.log(x[0].toFixed(1), x[1]));
}
main();
