import { ConfigError, loadConfig } from '../../src/config';

const KEY = Buffer.alloc(32, 1).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      NODE_ENV: 'development',
      STORE_TIMEZONE: 'Asia/Shanghai',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      FRIEND_ACCEPT_KEYWORD: '',
      SEED_DEMO: true,
      QUIET_HOURS_START: '21:00',
      QUIET_HOURS_END: '09:00',
      devMode: true,
      db: { kind: 'sqlite', file: './data/laoke.sqlite' },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('trusts no proxy by default and takes a small whole number of hops', () => {
    expect(loadConfig({}).TRUST_PROXY_HOPS).toBe(0);
    expect(loadConfig({ TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
    for (const bad of ['-1', '1.5', 'yes', '11']) {
      expect(problemsOf({ TRUST_PROXY_HOPS: bad })).toEqual(['TRUST_PROXY_HOPS: expected a whole number from 0 to 10']);
    }
  });

  it('seeds the demo store by default except in production, where only SEED_DEMO=true seeds it', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', DATA_KEY: KEY }).SEED_DEMO).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DATA_KEY: KEY, SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('reads mysql and mariadb URLs and leaves dev mode with a real puppet', () => {
    const c = loadConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1:3306/laoke', WECHATY_PUPPET: 'wechaty-puppet-wechat4u', SEED_DEMO: 'no' });
    expect(c.db).toEqual({ kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/laoke' });
    expect(c.devMode).toBe(false);
    expect(c.SEED_DEMO).toBe(false);
  });

  it('throws one ConfigError naming every bad variable and what is expected', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      STORE_TIMEZONE: 'Mars/Olympus',
      QUIET_HOURS_START: '25:00',
      DATABASE_URL: 'postgres://db/laoke',
      SEED_DEMO: 'maybe',
      NODE_ENV: 'production',
      CHAT_RESTART_MIN_MS: '5000',
      CHAT_RESTART_MAX_MS: '1000',
    });
    const byVar = (name: string) => problems.filter((p) => p.startsWith(`${name}:`));
    expect(byVar('PORT')).toEqual(['PORT: expected a whole number from 0 to 65535']);
    expect(byVar('LOG_LEVEL')[0]).toMatch(/info/);
    expect(byVar('STORE_TIMEZONE')[0]).toMatch(/IANA time zone/);
    expect(byVar('QUIET_HOURS_START')[0]).toMatch(/HH:MM/);
    expect(byVar('DATABASE_URL')[0]).toMatch(/sqlite:<file> or mysql:/);
    expect(byVar('SEED_DEMO')).toHaveLength(1);
    expect(byVar('DATA_KEY')[0]).toMatch(/required in production/);
    expect(byVar('CHAT_RESTART_MAX_MS')[0]).toMatch(/CHAT_RESTART_MIN_MS/);
    expect(problems).toHaveLength(8);
  });

  it('puts every problem into the one error message', () => {
    try {
      loadConfig({ PORT: '-1', HOST: ' ', DIALOG_TTL_MINUTES: '0' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/DIALOG_TTL_MINUTES:/);
    }
  });

  it('never echoes a secret value in the error', () => {
    const secret = 'hunter2-very-secret-key-value';
    const problems = problemsOf({ DATA_KEY: secret, DATABASE_URL: `postgres://admin:${secret}@db/laoke` });
    expect(problems.join('\n')).not.toContain(secret);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.some((p) => p.startsWith('DATA_KEY:') && /32 bytes/.test(p))).toBe(true);
  });

  it('accepts a data key as base64 or hex, and requires one in production', () => {
    expect(loadConfig({ DATA_KEY: KEY, NODE_ENV: 'production' }).DATA_KEY).toBe(KEY);
    expect(loadConfig({ DATA_KEY: 'ab'.repeat(32) }).DATA_KEY).toBe('ab'.repeat(32));
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['DATA_KEY: required in production (32 bytes as base64 or hex)']);
    expect(problemsOf({ DATA_KEY: Buffer.alloc(16).toString('base64') })[0]).toMatch(/^DATA_KEY: expected 32 bytes/);
  });

  it('reads the store hours per weekday (default 09:00–21:00 every day) and names STORE_HOURS when they make no sense', () => {
    const nineToNine = { open: 540, close: 1260 };
    expect(loadConfig({}).storeHours).toEqual(new Array(7).fill(nineToNine));
    expect(loadConfig({}).STORE_HOLIDAYS).toBe('cn');
    const c = loadConfig({ STORE_HOURS: 'mon-fri 09:00-21:00,sat-sun 10:00-22:00', STORE_HOLIDAYS: 'none' });
    expect(c.storeHours[6]).toEqual({ open: 600, close: 1320 });
    expect(c.storeHours[1]).toEqual(nineToNine);
    expect(c.STORE_HOLIDAYS).toBe('none');
    expect(problemsOf({ STORE_HOURS: 'mon-fri 21:00-09:00' })[0]).toMatch(/^STORE_HOURS: expected weekday ranges/);
    expect(problemsOf({ STORE_HOLIDAYS: 'us' })[0]).toMatch(/^STORE_HOLIDAYS:/);
  });
  it('reads CHAT_ACCOUNTS as a comma list or JSON, with every default filled in, and one `store` account when unset', () => {
    expect(loadConfig({}).chatAccounts).toEqual([{ id: 'store', name: '老客小店', puppet: 'wechaty-puppet-mock', puppetToken: undefined, dailyLimit: 300 }]);
    const listed = loadConfig({ CHAT_ACCOUNTS: 'store:门店号, counter', OUTBOX_DAILY_LIMIT: '250' }).chatAccounts;
    expect(listed.map((a) => [a.id, a.name, a.dailyLimit])).toEqual([
      ['store', '门店号', 250],
      ['counter', 'counter', 250],
    ]);
    const json = loadConfig({ CHAT_ACCOUNTS: '[{"id":"store"},{"id":"branch-2","name":"二店","puppet":"wechaty-puppet-service","token":"tok-abc","dailyLimit":120}]' }).chatAccounts;
    expect(json[1]).toEqual({ id: 'branch-2', name: '二店', puppet: 'wechaty-puppet-service', puppetToken: 'tok-abc', dailyLimit: 120 });
  });

  it('names CHAT_ACCOUNTS when two accounts share an id, an id is not a plain name, or the JSON is broken — never repeating a token', () => {
    const duplicate = problemsOf({ CHAT_ACCOUNTS: 'store,counter,store' });
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]).toMatch(/^CHAT_ACCOUNTS: .*every account id must be different/);

    const badId = problemsOf({ CHAT_ACCOUNTS: 'store,Counter 2' });
    expect(badId[0]).toMatch(/^CHAT_ACCOUNTS: .*lowercase letters/);

    const secret = 'sk-puppet-token-4242-secret';
    const broken = problemsOf({ CHAT_ACCOUNTS: `[{"id":"store","token":"${secret}"` });
    expect(broken[0]).toMatch(/^CHAT_ACCOUNTS: expected a JSON array of accounts/);
    const badLimit = problemsOf({ CHAT_ACCOUNTS: `[{"id":"store","token":"${secret}","dailyLimit":0}]` });
    expect(badLimit[0]).toMatch(/^CHAT_ACCOUNTS: .*dailyLimit/);
    const unknownKey = problemsOf({ CHAT_ACCOUNTS: `[{"id":"store","token":"${secret}","password":"${secret}"}]` });
    expect(unknownKey[0]).toMatch(/^CHAT_ACCOUNTS:/);
    for (const problems of [broken, badLimit, unknownKey]) {
      expect(problems.join('\n')).not.toContain(secret);
      expect(problems.join('\n')).not.toContain('4242');
    }
    expect(problemsOf({ CHAT_ACCOUNTS: '[]' })[0]).toMatch(/^CHAT_ACCOUNTS: .*at least one account/);
  });
});
