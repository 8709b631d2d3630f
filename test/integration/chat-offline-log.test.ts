import { DEMO, startHarness, waitFor } from '../support/harness';

describe('a request that needs the chat account while it is offline', () => {
  it('answers 503 and logs a warning without a stack trace, not an error', async () => {
    const h = await startHarness();
    try {
      h.world.autoLogin = false;
      await h.world.logout();
      await waitFor(() => h.laoke.channel.state() === 'waiting_login', 5000);
      const before = h.logLines.length;
      const res = await h.http.post('/dev/chat/messages').send({ from: DEMO.chen, text: '在吗' });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      const lines = h.logLines.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string; path?: string });
      const about = lines.filter((l) => l.path === '/dev/chat/messages');
      expect(about).toHaveLength(1);
      expect(about[0].level).toBe(40);
      expect(JSON.stringify(about[0])).toMatch(/offline/);
      expect(JSON.stringify(about[0])).not.toMatch(/stack|\.ts:\d+/);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
