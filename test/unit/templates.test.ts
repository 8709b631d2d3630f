import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');
import { TemplateLibrary, templateVariables } from '../../src/shared/templates';

describe('TemplateLibrary', () => {
  let dir: string;
  let lib: TemplateLibrary;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'laoke-tpl-'));
    mkdirSync(join(dir, 'care'));
    writeFileSync(join(dir, 'replies.yaml'), 'greet: "{{name}}您好 & 欢迎<光临>"\nnested:\n  deep: "深"\n');
    writeFileSync(join(dir, 'care', 'birthday.yaml'), 'variants:\n  - "生日快乐，{{name}}！"\n  - "{{name}}，祝您生日快乐"\n');
    lib = new TemplateLibrary(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keys replies.yaml without a prefix and other files by their path', () => {
    expect(lib.has('greet')).toBe(true);
    expect(lib.has('nested.deep')).toBe(true);
    expect(lib.has('care.birthday.variants')).toBe(true);
  });

  it('renders variables without HTML escaping', () => {
    expect(lib.render('greet', { name: '陈姐' })).toBe('陈姐您好 & 欢迎<光临>');
  });

  it('picks variants by number, wrapping around', () => {
    expect(lib.render('care.birthday.variants', { name: '小王' }, 0)).toBe('生日快乐，小王！');
    expect(lib.render('care.birthday.variants', { name: '小王' }, 1)).toBe('小王，祝您生日快乐');
    expect(lib.render('care.birthday.variants', { name: '小王' }, 2)).toBe('生日快乐，小王！');
    expect(lib.render('care.birthday.variants', { name: '小王' }, -1)).toBe('小王，祝您生日快乐');
  });

  it('throws for an unknown key', () => {
    expect(() => lib.render('nope')).toThrow(/unknown template nope/);
  });

  it('lists the variables a text uses', () => {
    expect(templateVariables('{{a}} {{#b}}{{c}}{{/b}}').sort()).toEqual(['a', 'b', 'c']);
  });

  it('loads the real templates, with every reply the chat core uses', () => {
    const real = new TemplateLibrary(TEMPLATES_DIR);
    for (const key of ['welcome.new', 'onboarding.ask_consent', 'input.please_type', 'input.empty', 'input.too_long', 'dialog.reprompt', 'name.only_emoji', 'forward.told_member']) {
      expect(real.has(key)).toBe(true);
    }
    expect(real.render('welcome.new', { name: '小王', store: '老客小店', assistant: '李丽' })).toMatch(/小王[\s\S]*李丽/);
  });
});
