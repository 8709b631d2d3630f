import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { STAFF_ROLES } from '../src/staff/staff.entity';
import { StaffService } from '../src/staff/staff.service';
import { systemClock } from '../src/shared/clock';

const addArgs = z.strictObject({
  name: z.string().trim().min(1).max(64),
  role: z.enum(STAFF_ROLES as ['assistant', 'manager', 'admin']),
  wechat: z.string().trim().min(1).max(128).optional(),
});

const USAGE = `Usage:
  npm run staff -- add --name 李丽 --role assistant|manager|admin [--wechat <contact id>]
  npm run staff -- token --id <staff id>     issue another token
  npm run staff -- list`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' }, wechat: { type: 'string' }, id: { type: 'string' } },
    strict: true,
  });
  const ds = createDataSource(loadConfig().db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const staff = new StaffService(ds, systemClock);
  try {
    if (command === 'add') {
      const parsed = addArgs.safeParse(values);
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') + '\n' + USAGE);
        process.exitCode = 2;
        return;
      }
      const s = await staff.create({ name: parsed.data.name, role: parsed.data.role, wechatContactId: parsed.data.wechat });
      const token = await staff.issueToken(s.id, { label: 'cli' });
      console.log(`Added ${s.role} ${s.name} (id ${s.id}).\nAPI token (shown once, keep it safe):\n${token}`);
    } else if (command === 'token') {
      const id = z.coerce.number().int().positive().parse(values.id);
      const s = await staff.get(id);
      console.log(`New token for ${s.name}:\n${await staff.issueToken(s.id, { label: 'cli' })}`);
    } else if (command === 'list') {
      for (const s of await staff.repo.find({ order: { id: 'ASC' } })) {
        console.log(`${s.id}\t${s.role}\t${s.name}\t${s.wechatContactId ?? '-'}\t${s.active ? 'active' : 'inactive'}`);
      }
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
