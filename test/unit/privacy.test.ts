import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonalDataCipher, maskPhone, resolveDataKey } from '../../src/privacy';
import { createLogger } from '../../src/shared/logger';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('PersonalDataCipher', () => {
  it('round-trips a value, with a fresh ciphertext each time that does not contain it', () => {
    const c = new PersonalDataCipher(key(1));
    const a = c.encrypt('13812345678');
    const b = c.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(c.decrypt(a)).toBe('13812345678');
    expect(c.decrypt(c.encrypt('上海市静安区某路1号'))).toBe('上海市静安区某路1号');
  });

  it('refuses a ciphertext from another key or one that was tampered with', () => {
    const sealed = new PersonalDataCipher(key(1)).encrypt('13812345678');
    expect(() => new PersonalDataCipher(key(2)).decrypt(sealed)).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('00000000000', 'utf8').toString('base64');
    expect(() => new PersonalDataCipher(key(1)).decrypt(parts.join(':'))).toThrow();
    expect(() => new PersonalDataCipher(key(1)).decrypt('not sealed')).toThrow();
  });

  it('gives a lookup hash that is stable for one key, differs across keys and values, and hides the value', () => {
    const c1 = new PersonalDataCipher(key(1));
    const again = new PersonalDataCipher(key(1));
    const h = c1.lookupHash('13812345678');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(again.lookupHash('13812345678')).toBe(h);
    expect(c1.lookupHash('13812345679')).not.toBe(h);
    expect(new PersonalDataCipher(key(2)).lookupHash('13812345678')).not.toBe(h);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PersonalDataCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('resolveDataKey', () => {
  it('generates a development key once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laoke-key-'));
    try {
      const log = createLogger('silent');
      const first = resolveDataKey(undefined, dir, log);
      expect(first).toHaveLength(32);
      expect(readFileSync(join(dir, 'dev-data.key'), 'utf8')).toBe(first.toString('base64'));
      expect(resolveDataKey(undefined, dir, log).equals(first)).toBe(true);
      expect(resolveDataKey(key(3).toString('hex'), dir, log).equals(key(3))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks short values entirely and passes empty ones through as null', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('')).toBeNull();
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
  });
});
