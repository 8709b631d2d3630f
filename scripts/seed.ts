import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { seedDemoStore } from '../src/db/demo-seed';
import { createDataSource } from '../src/db/data-source';
import { MemberService } from '../src/members/member.service';
import { PersonalDataCipher, resolveDataKey } from '../src/privacy';
import { systemClock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';
import { StaffService } from '../src/staff/staff.service';

/** Seeds the demo store into an empty database (what `npm start` does on first start). */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource(config.db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const cipher = new PersonalDataCipher(resolveDataKey(config.DATA_KEY, config.DATA_DIR, createLogger('warn')));
  const result = await seedDemoStore(ds, { members: new MemberService(ds, cipher, systemClock), staff: new StaffService(ds, systemClock) });
  console.log(result.seeded ? `Seeded. Manager token: ${result.managerToken}` : 'The database already has staff; nothing seeded.');
  await ds.destroy();
}

void main();
