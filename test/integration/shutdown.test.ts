import { ChatMessage } from '../../src/members/chat-message.entity';
import { createDataSource } from '../../src/db/data-source';
import { loadConfig } from '../../src/config';
import { DEMO, startHarness, waitFor } from '../support/harness';

describe('graceful shutdown', () => {
  it('lets a message being handled finish (its reply is logged), answers new requests with 503, and takes a second stop calmly', async () => {
    const h = await startHarness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    // A chat word whose handling takes as long as the test wants: the message "in flight".
    h.laoke.handler.useMemberFeatures({
      commands: [
        {
          name: 'slow',
          words: ['慢慢来'],
          async run(ctx) {
            started = true;
            await gate;
            await ctx.reply('慢慢来的回复');
          },
        },
      ],
      intents: [],
    });
    try {
      const handled = h.chat.say(DEMO.chen, '慢慢来');
      await waitFor(() => started, 5000);

      const stopping = h.laoke.stop();
      const again = h.laoke.stop();
      expect(h.laoke.isShuttingDown()).toBe(true);

      const during = await h.http.get('/healthz');
      expect(during.status).toBe(503);
      expect(during.body.error.code).toBe('unavailable');
      expect(during.headers.connection).toBe('close');

      // A message that arrives now is not taken.
      h.world.sendText(DEMO.liu, '资料');
      await new Promise((r) => setTimeout(r, 50));

      release();
      const event = await handled;
      expect(event.replies).toEqual(['慢慢来的回复']);
      await stopping;
      await again;
      await h.laoke.stop();
      expect(h.laoke.ds.isInitialized).toBe(false);
      expect(h.laoke.channel.state()).toBe('stopped');

      // The reply went out and is in the message log; the late message was not handled.
      const config = loadConfig({ DATABASE_URL: h.db.url, DATA_DIR: h.db.dataDir });
      const ds = createDataSource(config.db);
      await ds.initialize();
      try {
        const out = await ds.getRepository(ChatMessage).findBy({ contactId: DEMO.chen.id, direction: 'out' });
        expect(out.map((m) => m.text)).toContain('慢慢来的回复');
        expect(await ds.getRepository(ChatMessage).countBy({ contactId: DEMO.liu.id })).toBe(0);
      } finally {
        await ds.destroy();
      }
      expect(h.logLines.some((l) => l.includes('laoke stopped'))).toBe(true);
    } finally {
      release();
      await h.close();
    }
  });
});
