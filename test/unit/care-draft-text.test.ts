import { signDraft } from '../../src/care/morning-list/draft-text';

describe('an assistant’s own text for a draft', () => {
  const own = '—— 您的导购 李丽';

  it('is signed like the template texts', () => {
    expect(signDraft('王阿姨，中秋快乐，记得吃块月饼。', '李丽', own)).toBe('王阿姨，中秋快乐，记得吃块月饼。\n—— 您的导购 李丽');
  });

  it('is not signed twice when the assistant already signed it', () => {
    for (const signed of ['王阿姨，中秋快乐。—— 李丽', '王阿姨，中秋快乐。\n—— 您的导购 李丽', '王阿姨，中秋快乐！李丽', '王阿姨，中秋快乐！\n李丽。', '王阿姨中秋快乐 -李丽', '王阿姨，中秋快乐！（李丽）']) {
      expect(signDraft(signed, '李丽', own)).toBe(signed);
    }
  });

  it('signs a text that only names the assistant in passing', () => {
    expect(signDraft('王阿姨，李丽祝您中秋快乐，记得吃月饼。', '李丽', own)).toBe('王阿姨，李丽祝您中秋快乐，记得吃月饼。\n—— 您的导购 李丽');
  });

  it('drops trailing blank lines before signing', () => {
    expect(signDraft('王阿姨，中秋快乐。\n\n', '李丽', own)).toBe('王阿姨，中秋快乐。\n—— 您的导购 李丽');
  });
});
