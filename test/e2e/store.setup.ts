import { expect, test as setup, type APIRequestContext } from '@playwright/test';
import { fileComplaint, MEMBERS, STAFF, STORE_NOW, staffSession } from './store';

/** Two months before the festival: 刘先生 and 赵阿姨 shop their way to gold. */
const EARLIER = '2027-07-20T10:30:00+08:00';

async function setClock(request: APIRequestContext, now: string): Promise<void> {
  expect((await request.post('/dev/clock', { data: { now, freeze: true } })).ok()).toBe(true);
}

setup('the demo store on the morning of the Mid-Autumn festival, with a complaint from 陈女士 and two messages to check', async ({ request }) => {
  // In July both reach gold; the congratulations reach WeChat but the calls fail after delivery, so
  // each waits for a person to check: 赵阿姨's for 李丽, 刘先生's for 张敏.
  await setClock(request, EARLIER);
  for (const member of [MEMBERS.liu, MEMBERS.zhao]) {
    expect((await request.post(`/dev/chat/contacts/${member.id}/send-fault`, { data: { fault: 'fail_after_delivery' } })).ok()).toBe(true);
  }
  const manager = await staffSession(request, STAFF.manager);
  const purchases = [
    { memberCode: 'M000003', purchasedAt: '2027-07-06T15:20:00+08:00', items: '真丝围巾', amount: 3800 },
    { memberCode: 'M000003', purchasedAt: '2027-07-20T10:05:00+08:00', items: '羊绒大衣', amount: 22800 },
    { memberCode: 'M000002', purchasedAt: '2027-07-20T10:10:00+08:00', items: '羊毛西装', amount: 21600 },
  ];
  const bought = await request.post('/admin/purchases', { data: { purchases }, headers: manager });
  expect(bought.status(), await bought.text()).toBe(201);
  // The account sends one message every few seconds: let store time pass until both were tried.
  for (let i = 0; i < 5; i++) {
    await request.post('/dev/jobs/outbox-dispatch/run');
    const checks = await request.get('/admin/outbox/check');
    if (((await checks.json()) as { messages: unknown[] }).messages.length >= 2) break;
    await setClock(request, new Date(new Date(EARLIER).getTime() + (i + 1) * 60_000).toISOString());
  }
  const checks = (await (await request.get('/admin/outbox/check')).json()) as { messages: { memberCode: string }[] };
  expect(checks.messages.map((m) => m.memberCode).sort()).toEqual(['M000002', 'M000003']);

  await request.delete('/admin/session', { headers: manager });

  await setClock(request, STORE_NOW);
  const plan = await request.post('/dev/jobs/care-plan/run');
  expect(plan.ok()).toBe(true);
  expect(((await plan.json()) as { result: { planned: number } }).result.planned).toBeGreaterThan(0);
  // The nightly RFM scoring, so the member list can be filtered by segment.
  expect((await request.post('/dev/jobs/loyalty-rfm/run')).ok()).toBe(true);
  // Her festival greeting is held back for the open complaint; 刘先生's and 赵阿姨's wait for approval.
  await fileComplaint(request, MEMBERS.chen, '上周买的羊毛衫洗了一次就起球了');
});
