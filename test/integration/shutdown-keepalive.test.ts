import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gracefulShutdown } from '../../src/http/graceful-shutdown';
import { DEMO, startHarness, waitFor } from '../support/harness';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function call(port: number, agent: http.Agent, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { port, host: '127.0.0.1', method, path, agent, headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('shutdown of a real HTTP server with kept-alive connections', () => {
  it('answers a request on a kept-alive connection with 503 and Connection: close, finishes the one in flight with Connection: close, then closes', async () => {
    const h = await startHarness();
    const server = h.laoke.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const busyAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    h.laoke.handler.useMemberFeatures({
      commands: [{ name: 'slow', words: ['慢慢来'], async run(ctx) { started = true; await gate; await ctx.reply('慢慢来的回复'); } }],
      intents: [],
    });
    try {
      // One connection kept alive and idle, one busy with a request still being handled.
      expect((await call(port, idleAgent, 'GET', '/healthz')).status).toBe(200);
      expect((await call(port, busyAgent, 'GET', '/healthz')).connection).toBe('keep-alive');
      const inFlight = call(port, busyAgent, 'POST', '/dev/chat/messages', { from: DEMO.chen, text: '慢慢来' });
      await waitFor(() => started, 5000);

      const done = gracefulShutdown(server, { stop: () => h.laoke.stop(), graceMs: 200 }).shutdown();

      // The idle kept-alive connection is not reset under the client: its next request gets a clean 503.
      const late = await call(port, idleAgent, 'GET', '/healthz');
      expect(late.status).toBe(503);
      expect(late.connection).toBe('close');
      expect(JSON.parse(late.body).error.code).toBe('unavailable');

      // The request in flight finishes, and its connection is not kept for another one.
      release();
      const finished = await inFlight;
      expect(finished.status).toBe(200);
      expect(finished.connection).toBe('close');
      expect(JSON.parse(finished.body).replies).toEqual(['慢慢来的回复']);

      await done;
      expect(server.listening).toBe(false);
      await expect(call(port, new http.Agent(), 'GET', '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      release();
      idleAgent.destroy();
      busyAgent.destroy();
      if (server.listening) server.close();
      await h.close();
    }
  });
});
