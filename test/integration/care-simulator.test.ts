import { startHarness, type Harness } from '../support/harness';

/**
 * What a person trying proactive care in the simulator does, over the /dev routes only: set the clock
 * (here to 中秋 2026, a date before the service started), run the jobs, answer the morning list as the
 * assistant, and read the transcripts.
 */
describe('trying proactive care by hand in the simulator', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
  });
  afterAll(async () => {
    await h.close();
  });

  const clock = (now: string) => h.http.post('/dev/clock').send({ now, freeze: true }).expect(200);
  const runJob = async (name: string) => (await h.http.post(`/dev/jobs/${name}/run`).expect(200)).body.result;
  const chatAs = async (from: { id: string; name: string }, text: string) => (await h.http.post('/dev/chat/messages').send({ from, text }).expect(200)).body;
  const transcript = async (contact: string) =>
    ((await h.http.get('/dev/chat/transcript').query({ contact }).expect(200)).body.messages as { direction: string; text: string; at: string }[])
      .filter((m) => m.direction === 'out')
      .map((m) => ({ at: m.at, text: m.text }));

  it('plans 中秋 and 陈女士’s lunar birthday, shows 李丽 the list, and delivers what she chose when the clock is set back to that day', async () => {
    await clock('2026-09-25T06:30:00+08:00');
    expect(await runJob('care-plan')).toMatchObject({ date: '2026-09-25', planned: 4, occasionsOfDay: ['中秋节'], byOccasion: { birthday: { planned: 1 }, festival: { planned: 3 } } });
    expect(await runJob('care-plan')).toMatchObject({ planned: 0 });

    await clock('2026-09-25T09:00:00+08:00');
    // One message a member a day: 陈女士's 中秋 greeting gives way to her birthday before the list, and the
    // list says so.
    expect(await runJob('care-digest')).toEqual({ staff: 2, drafts: 3, delivered: 2, undelivered: 0, held: 1 });
    const [list] = await transcript('staff-lili');
    expect(list.text).toMatch(/1\. 陈女士（生日）[\s\S]*2\. 赵阿姨（中秋节）/);
    expect(list.text).not.toMatch(/\d\. 陈女士（中秋节）/);
    expect(list.text).toMatch(/陈女士（中秋节）：同一天有生日问候/);

    // The assistant answers in the simulator: a message timed by the (set back) service clock is answered.
    expect(await chatAs({ id: 'staff-lili', name: '李丽' }, '发送 1')).toMatchObject({ status: 'handled', replies: ['好的，第 1 条已安排发送。'] });
    expect(await chatAs({ id: 'staff-lili', name: '李丽' }, '跳过 2')).toMatchObject({ status: 'handled', replies: ['好的，第 2 条不发了。'] });

    await clock('2026-09-25T10:00:00+08:00');
    expect(await runJob('outbox-dispatch')).toMatchObject({ sent: 1, waiting: 0 });
    await clock('2026-09-25T12:00:00+08:00');
    expect(await runJob('care-cutoff')).toEqual({ queued: 1, skipped: 0 });
    // 陈女士's 中秋 greeting gave way to her birthday before the list: nothing is left to skip now.
    expect(await runJob('outbox-dispatch')).toMatchObject({ sent: 1, skipped: 0 });

    const chen = await transcript('wx-chen');
    expect(chen).toEqual([{ at: '2026-09-25T02:00:00.000Z', text: expect.stringMatching(/陈女士[\s\S]*生日[\s\S]*李丽/) }]);
    expect(await transcript('wx-liu')).toEqual([{ at: '2026-09-25T04:00:00.000Z', text: expect.stringMatching(/刘先生[\s\S]*中秋[\s\S]*张敏/) }]);
    expect(await transcript('wx-zhao')).toEqual([]);
  });
});
