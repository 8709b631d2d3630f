import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplates, promotionWordIn } from '../../src/care/template-check';

const REPO_TEMPLATES = join(__dirname, '..', '..', 'templates');

/** A copy of the repo's templates to spoil one file at a time. */
function fixture(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'laoke-tpl-'));
  cpSync(REPO_TEMPLATES, dir, { recursive: true });
  edit(dir);
  return dir;
}

const dirs: string[] = [];
const make = (edit: (dir: string) => void) => {
  const d = fixture(edit);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const replaceIn = (dir: string, file: string, from: string, to: string) => {
  const p = join(dir, file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture: ${from} not in ${file}`);
  writeFileSync(p, text.replace(from, to));
};

describe('templates:check', () => {
  it('passes on the repository templates', () => {
    const result = checkTemplates(REPO_TEMPLATES);
    expect(result.problems).toEqual([]);
    expect(result.checked).toBeGreaterThanOrEqual(20);
  });

  it('fails on a template with an unknown variable', () => {
    const dir = make((d) => replaceIn(d, 'care/birthday.yaml', '{{name}}，生日快乐！', '{{nmae}}，生日快乐！'));
    expect(checkTemplates(dir).problems).toEqual([expect.objectContaining({ key: 'care.birthday.variants', variant: 1, problem: expect.stringMatching(/unknown variable \{\{nmae\}\}/) })]);
  });

  it('fails on a promotion word in festival, season and long-time-no-see texts', () => {
    const dir = make((d) => {
      replaceIn(d, 'care/festival.yaml', '记得吃块月饼哦', '月饼礼盒全场八折优惠');
      replaceIn(d, 'care/season.yaml', '注意保暖。', '秋冬新品到店啦。');
      replaceIn(d, 'care/long_time_no_see.yaml', '有什么需要随时找我', '店里正在打折，快来看看');
    });
    const problems = checkTemplates(dir).problems;
    expect(problems.map((p) => `${p.key} ${p.problem.match(/“(.+)”/)?.[1]}`).sort()).toEqual([
      'care.festival.mid_autumn 优惠',
      'care.long_time_no_see.variants 打折',
      'care.season.winter 新品',
    ]);
  });

  it('allows a small gift note in a birthday text but not a festival one', () => {
    const dir = make((d) => replaceIn(d, 'care/birthday.yaml', '店里给您备了一份小心意', '生日当天到店有专属优惠'));
    expect(checkTemplates(dir).problems).toEqual([]);
  });

  it('fails on a birthday text that does not name the day, belated ones included', () => {
    const dir = make((d) => {
      replaceIn(d, 'care/birthday.yaml', '今天是您的生日（{{birthday}}）', '今天是您的生日');
      replaceIn(d, 'care/belated_birthday.yaml', '{{when}}（{{birthday}}）是您的生日', '{{when}}是您的生日');
    });
    expect(checkTemplates(dir).problems).toEqual([
      expect.objectContaining({ key: 'care.belated_birthday.variants', variant: 1, problem: expect.stringMatching(/does not name the day: \{\{birthday\}\}/) }),
      expect.objectContaining({ key: 'care.birthday.variants', variant: 1, problem: expect.stringMatching(/does not name the day: \{\{birthday\}\}/) }),
    ]);
  });

  it('tells whether an occasion’s text may carry a promotion word, the same rule for edits as for templates', () => {
    expect(promotionWordIn('festival', '中秋快乐！月饼全场八折优惠')).toBe('优惠');
    expect(promotionWordIn('targeted_festival', '母亲节特价')).toBe('特价');
    expect(promotionWordIn('season', '秋冬新品到了，注意保暖')).toBe('新品');
    expect(promotionWordIn('long_time_no_see', '好久不见，最近在打折')).toBe('打折');
    expect(promotionWordIn('birthday', '生日当天到店有专属优惠')).toBeNull();
    expect(promotionWordIn('post_purchase', '用得还好吗？')).toBeNull();
    expect(promotionWordIn('festival', '中秋快乐，阖家团圆')).toBeNull();
  });

  it('fails on a missing occasion text, too few variants, or broken syntax', () => {
    const dir = make((d) => {
      replaceIn(d, 'care/festival.yaml', 'qixi:', 'qixi_renamed:');
      writeFileSync(join(d, 'care', 'post_purchase.yaml'), 'variants:\n  - "{{name}}，{{items}}用得好吗？—— {{assistant}}"\n');
      writeFileSync(join(d, 'extra.yaml'), 'broken: "{{#name}}没有结束"\n');
      writeFileSync(join(d, 'care', 'anniversary.yaml'), 'variants: ["{{name}}，周年快乐"]\n');
    });
    const problems = checkTemplates(dir).problems.map((p) => `${p.key}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^care\.festival\.qixi: missing/),
        expect.stringMatching(/^care\.anniversary\.variants: no contract/),
        expect.stringMatching(/^care\.post_purchase\.variants: has 1 variant/),
        expect.stringMatching(/^extra\.broken: template syntax/),
      ]),
    );
  });

  it('exits non-zero from the npm script on a bad template and zero on the repository', () => {
    const bad = make((d) => replaceIn(d, 'care/festival.yaml', '记得吃块月饼哦', '特价月饼'));
    const run = (args: string[]) =>
      spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(__dirname, '..', '..', 'scripts', 'templates-check.ts'), ...args], { encoding: 'utf8' });
    const failed = run([bad]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/care\.festival\.mid_autumn #2: promotion word “特价”/);
    const ok = run([]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/templates:check ok/);
  }, 60_000);
});
