import request from 'supertest';
import { RateLimitCounter } from '../../src/http/rate-limit-counter.entity';
import { bootSecondInstance, startHarness, type Harness } from '../support/harness';

const LIMIT = 20;

/** One login attempt with a dev code; `forwardedFor` is the X-Forwarded-For header as it reaches laoke. */
const login = (http: ReturnType<typeof request>, openid: string, forwardedFor?: string) => {
  const req = http.post('/mp/login');
  if (forwardedFor !== undefined) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ code: `dev:${openid}` });
};

describe('login limit with TRUST_PROXY_HOPS=0 (no proxy: the socket address counts)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HOPS: '0' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('still limits a client that sends a different X-Forwarded-For each time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await login(h.http, `hops0-${i}`, `198.51.100.${i + 1}`)).status);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    const limited = await login(h.http, 'hops0-late', '198.51.100.200');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets the client in again once the minute is over (the service clock decides)', async () => {
    h.clock.advance(61_000);
    expect((await login(h.http, 'hops0-next-minute')).status).toBe(200);
  });

  it('drops ended windows in the nightly housekeeping', async () => {
    const counters = h.laoke.ds.getRepository(RateLimitCounter);
    expect(await counters.count()).toBe(1);
    h.clock.advance(61_000);
    expect(await h.laoke.scheduler.runNow('chat-housekeeping')).toMatchObject({ prunedRateCounters: 1 });
    expect(await counters.count()).toBe(0);
  });
});

describe('login limit with TRUST_PROXY_HOPS=1 (one proxy in front)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HOPS: '1' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('counts two clients behind the proxy apart, and a spoofed left-most address does not help', async () => {
    // The proxy appends the address it saw; anything to the left of it came from the client.
    for (let i = 0; i < LIMIT; i++) expect((await login(h.http, `c1-${i}`, `10.77.0.${i + 1}, 203.0.113.1`)).status).toBe(200);
    const spoofed = await login(h.http, 'c1-spoof', '192.0.2.99, 203.0.113.1');
    expect(spoofed.status).toBe(429);
    expect(Number(spoofed.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(h.http, 'c1-plain', '203.0.113.1')).status).toBe(429);
    // The other client behind the same proxy has its own count.
    expect((await login(h.http, 'c2-0', '203.0.113.2')).status).toBe(200);
  });

  it('records the client address the proxy saw in the audit of staff actions', async () => {
    const res = await h.http.get('/admin/members').set('Authorization', `Bearer ${h.managerToken}`).set('X-Forwarded-For', '192.0.2.7, 203.0.113.9');
    expect(res.status).toBe(200);
    const audit = await h.http.get('/admin/audit').set('Authorization', `Bearer ${h.managerToken}`);
    expect(audit.body.items.some((e: { ip: string | null }) => e.ip === '203.0.113.9')).toBe(true);
    expect(audit.body.items.some((e: { ip: string | null }) => e.ip === '192.0.2.7')).toBe(false);
  });
});

describe('login limit across two instances on one database', () => {
  let h: Harness;
  let second: Awaited<ReturnType<typeof bootSecondInstance>>;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HOPS: '1' } });
    second = await bootSecondInstance(h);
  });
  afterAll(async () => {
    await second.laoke.stop();
    await h.close();
  });

  it('holds when a client’s attempts are spread over both instances', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < LIMIT / 2; i++) {
      expect((await login(h.http, `two-a-${i}`, ip)).status).toBe(200);
      expect((await login(second.http, `two-b-${i}`, ip)).status).toBe(200);
    }
    const onFirst = await login(h.http, 'two-late-a', ip);
    const onSecond = await login(second.http, 'two-late-b', ip);
    expect([onFirst.status, onSecond.status]).toEqual([429, 429]);
    expect(Number(onSecond.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts concurrent attempts exactly once each', async () => {
    const ip = '203.0.113.51';
    const all = await Promise.all(
      Array.from({ length: LIMIT + 10 }, (_, i) => login(i % 2 ? second.http : h.http, `burst-${i}`, ip)),
    );
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});
