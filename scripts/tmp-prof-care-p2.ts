import 'reflect-metadata';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { CarePlanner } from '../src/care/care-planner';
import { defaultCareConfig } from '../src/care/care-config';
import { createDataSource } from '../src/db/data-source';
import { AdjustableClock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';
import { storeInstant } from '../src/shared/store-time';
import { TemplateLibrary } from '../src/shared/templates';
const DAY = '2026-03-12';
async function main() {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/bench-care.sqlite', LOG_LEVEL: 'warn' });
  const ds = createDataSource(config.db);
  await ds.initialize();
  const clock = new AdjustableClock();
  clock.set(storeInstant(DAY, '06:30', config.STORE_TIMEZONE), { freeze: true });
  const silent = createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() }));
  const templates = new TemplateLibrary(join(__dirname, '..', 'templates'));
  const occs = ['birthday', 'long_time_no_see', 'post_purchase', 'first_purchase_followup'] as const;
  const mk = (only: string | null) => {
    const care = defaultCareConfig();
    for (const k of Object.keys(care.occasions) as (keyof typeof care.occasions)[]) if (only) care.occasions[k].enabled = k === only;
    return new CarePlanner({ ds, clock, log: silent, templates, care, timezone: config.STORE_TIMEZONE, storeName: config.STORE_NAME });
  };
  const del = () => ds.query(`DELETE FROM outbox_message WHERE occasionDate = ?`, [DAY]);
  for (const only of [null, ...occs]) {
    const p = mk(only);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await del();
      const t = process.hrtime.bigint();
      const s = await p.planDay(DAY);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (i === 5) console.log(only ?? 'all', s.planned, times.slice(1).sort((a, b) => a - b)[2].toFixed(1), 'ms');
    }
  }
  await del();
  await ds.destroy();
}
main();
