import { join } from 'node:path';
import { compileText, compileVariants } from '../../src/care/compiled-template';
import { TemplateLibrary } from '../../src/shared/templates';

const templates = new TemplateLibrary(join(__dirname, '..', '..', 'templates'));
const vars = { name: '陈女士', assistant: '李丽', store: '老客小店', birthday: '农历八月十五', days: 61, festival: '中秋节', term: '立秋', season: '秋天', items: '羊毛大衣、围巾', purchaseDate: '3月9日' };

describe('compiled care templates', () => {
  it('renders every care variant exactly as the template library does when given the same variables', () => {
    const keys = templates.keys().filter((k) => k.startsWith('care.'));
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      const compiled = compileVariants(templates, key);
      compiled.forEach((render, variant) => expect(render(vars)).toBe(templates.render(key, vars, variant)));
      compiled.forEach((render, variant) => expect(render({ name: null })).toBe(templates.render(key, { name: null }, variant)));
    }
  });

  it('leaves sections and dotted names to Mustache when a template uses them', () => {
    expect(compileText('{{#vip}}贵宾{{/vip}}{{name}}')).toBeNull();
    expect(compileText('{{member.name}}')).toBeNull();
    expect(compileText('  {{name}}，你好 ')!({ name: '小王' })).toBe('小王，你好');
  });
});
