import { loadConfig } from '../../src/config';

const load = (CARE_CONFIG?: string) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ...(CARE_CONFIG === undefined ? {} : { CARE_CONFIG }) });

describe('CARE_CONFIG', () => {
  it('uses the defaults when not set', () => {
    const c = load().CARE_CONFIG;
    expect(c.planTime).toBe('06:30');
    expect(c.occasions.birthday).toEqual({ enabled: true, sendTime: '10:00', offsetDays: 0, mode: 'auto-send' });
    expect(c.occasions.long_time_no_see).toMatchObject({ days: 60, mode: 'approval-required', catchUpDays: 3 });
    expect(c.occasions.post_purchase.days).toBe(3);
    expect(c.occasions.first_purchase_followup.days).toBe(10);
    expect(c.occasions.festival.festivals).toContain('mid_autumn');
  });

  it('merges a partial JSON over the defaults', () => {
    const c = load(JSON.stringify({ occasions: { birthday: { sendTime: '09:30', mode: 'approval-required' }, season: { enabled: false } } })).CARE_CONFIG;
    expect(c.occasions.birthday).toEqual({ enabled: true, sendTime: '09:30', offsetDays: 0, mode: 'approval-required' });
    expect(c.occasions.season.enabled).toBe(false);
    expect(c.occasions.festival.enabled).toBe(true);
  });

  it('refuses bad JSON, an unknown key or a bad value, naming where', () => {
    expect(() => load('{oops')).toThrow(/CARE_CONFIG: expected JSON/);
    expect(() => load(JSON.stringify({ occasions: { birthday: { sendTime: '25:00' } } }))).toThrow(/CARE_CONFIG: occasions\.birthday\.sendTime: expected HH:MM/);
    expect(() => load(JSON.stringify({ occasions: { first_purchase_followup: { days: 30 } } }))).toThrow(/occasions\.first_purchase_followup\.days/);
    expect(() => load(JSON.stringify({ occasions: { birthdays: {} } }))).toThrow(/CARE_CONFIG/);
  });
});
