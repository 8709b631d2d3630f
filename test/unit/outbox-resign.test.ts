import { join } from 'node:path';
import { resignText } from '../../src/outbox/resign';
import { TemplateLibrary } from '../../src/shared/templates';

const templates = new TemplateLibrary(join(__dirname, '..', '..', 'templates'));

describe('resignText: a greeting signed again by the new assistant', () => {
  it('renders a template text again with the new name in the body and the signature', () => {
    const text = templates.render('care.birthday.variants', { name: '陈女士', assistant: '李丽', store: '老客小店', birthday: '农历八月十五' }, 1);
    expect(text).toContain('李丽在这里祝您');
    const again = resignText(templates, text, '李丽', '张敏');
    expect(again).toBe(templates.render('care.birthday.variants', { name: '陈女士', assistant: '张敏', store: '老客小店', birthday: '农历八月十五' }, 1));
  });

  it('leaves a member whose name contains the former assistant’s name alone', () => {
    const text = templates.render('care.birthday.variants', { name: '李丽华', assistant: '李丽', store: '老客小店', birthday: '3月12日' }, 0);
    const again = resignText(templates, text, '李丽', '张敏');
    expect(again.startsWith('李丽华，生日快乐')).toBe(true);
    expect(again.endsWith('您的导购 张敏')).toBe(true);
  });

  it('signs a greeting that had no assistant (the store helper) with the new assistant', () => {
    const text = templates.render('care.birthday.variants', { name: '赵阿姨', assistant: '店里的小助手', store: '老客小店', birthday: '5月1日' }, 0);
    expect(resignText(templates, text, null, '张敏')).toMatch(/您的导购 张敏$/);
  });

  it('in a text the assistant rewrote, replaces the former name only on the signature line', () => {
    expect(resignText(templates, '李丽华您好，天冷了多穿点。\n—— 李丽', '李丽', '张敏')).toBe('李丽华您好，天冷了多穿点。\n—— 张敏');
    expect(resignText(templates, '您好，改天来店里坐坐。', '李丽', '张敏')).toBe('您好，改天来店里坐坐。');
  });
});
