import { loadConfig } from '../../src/config';
import { defaultRfmConfig, quintileScore, segmentCaseSql, segmentFor, thresholdScore, type Segment } from '../../src/loyalty/segments';
import { parseReportMonth } from '../../src/reports';

/** better-sqlite3 ships no types here; the little this test uses. */
interface SqliteDb {
  prepare(sql: string): { get(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string) => SqliteDb;

describe('RFM segment rules', () => {
  const cfg = defaultRfmConfig();

  it('scores quintiles from ranks, ties sharing the lower score', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => quintileScore(r, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintileScore(1, 1)).toBe(1);
    expect(thresholdScore(0, [2, 3, 5, 8])).toBe(1);
    expect(thresholdScore(5, [2, 3, 5, 8])).toBe(4);
    expect(thresholdScore(100, [2, 3, 5, 8])).toBe(5);
  });

  it('assigns high-value, at-risk, potential, low-value and general in that order', () => {
    expect(segmentFor({ recency: 5, frequency: 4, monetary: 4 }, null, cfg)).toBe('high_value');
    expect(segmentFor({ recency: 3, frequency: 5, monetary: 5 }, 'high_value', cfg)).toBe('at_risk');
    expect(segmentFor({ recency: 1, frequency: 4, monetary: 4 }, 'at_risk', cfg)).toBe('at_risk');
    expect(segmentFor({ recency: 3, frequency: 5, monetary: 5 }, 'general', cfg)).toBe('general');
    expect(segmentFor({ recency: 4, frequency: 1, monetary: 5 }, null, cfg)).toBe('potential');
    expect(segmentFor({ recency: 2, frequency: 5, monetary: 2 }, 'high_value', cfg)).toBe('low_value');
    expect(segmentFor({ recency: 3, frequency: 3, monetary: 3 }, null, cfg)).toBe('general');
  });

  it('decides in SQL exactly as in code, for every score and previous segment', () => {
    const db = new Database(':memory:');
    for (const c of [cfg, { ...cfg, highScore: 5, lowScore: 1 }]) {
      const stmt = db.prepare(`SELECT ${segmentCaseSql(c)} AS seg FROM (SELECT ? AS r, ? AS f, ? AS m, ? AS prev)`);
      for (const prev of [null, 'high_value', 'at_risk', 'general'] as (Segment | null)[])
        for (let r = 1; r <= 5; r++)
          for (let f = 1; f <= 5; f++)
            for (let m = 1; m <= 5; m++) expect([r, f, m, prev, (stmt.get(r, f, m, prev) as { seg: string }).seg]).toEqual([r, f, m, prev, segmentFor({ recency: r, frequency: f, monetary: m }, prev, c)]);
    }
    db.close();
  });

  it('reads RFM_CONFIG over the defaults and names what is wrong', () => {
    expect(loadConfig({ RFM_CONFIG: '{"highScore":5,"lowValueSkips":["festival"]}' }).RFM_CONFIG).toMatchObject({ highScore: 5, lowScore: 2, lowValueSkips: ['festival'], thresholds: null });
    expect(() => loadConfig({ RFM_CONFIG: '{"highScore":2,"lowScore":3}' })).toThrow(/RFM_CONFIG: lowScore: lowScore must be below highScore/);
    expect(() => loadConfig({ RFM_CONFIG: '{"thresholds":{"recencyDays":[30,20,10,5],"frequency":[2,3,5,8],"monetaryYuan":[1,2,3,4]}}' })).toThrow(/RFM_CONFIG: thresholds.recencyDays/);
    expect(() => loadConfig({ RFM_CONFIG: '{"lowValueSkips":["birthday"]}' })).toThrow(/RFM_CONFIG: lowValueSkips/);
    expect(() => loadConfig({ RFM_CONFIG: 'nope' })).toThrow(/RFM_CONFIG: expected JSON/);
  });
});

describe('月报 month argument', () => {
  it('understands this month, last month and a named month', () => {
    expect(parseReportMonth('', '2026-01-15')).toBe('2026-01');
    expect(parseReportMonth('上月', '2026-01-15')).toBe('2025-12');
    expect(parseReportMonth('2025-7', '2026-01-15')).toBe('2025-07');
    expect(parseReportMonth('2025年10月', '2026-01-15')).toBe('2025-10');
    expect(parseReportMonth('2025-13', '2026-01-15')).toBeNull();
    expect(parseReportMonth('明年', '2026-01-15')).toBeNull();
  });
});
