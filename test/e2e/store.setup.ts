import { expect, test as setup } from '@playwright/test';
import { fileComplaint, MEMBERS, STORE_NOW } from './store';

setup('the demo store on the morning of the Mid-Autumn festival, with a complaint from 陈女士', async ({ request }) => {
  expect((await request.post('/dev/clock', { data: { now: STORE_NOW, freeze: true } })).ok()).toBe(true);
  const plan = await request.post('/dev/jobs/care-plan/run');
  expect(plan.ok()).toBe(true);
  expect(((await plan.json()) as { result: { planned: number } }).result.planned).toBeGreaterThan(0);
  // Her festival greeting is held back for the open complaint; 刘先生's and 赵阿姨's wait for approval.
  await fileComplaint(request, MEMBERS.chen, '上周买的羊毛衫洗了一次就起球了');
});
