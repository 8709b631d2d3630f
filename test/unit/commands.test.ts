import { isCancelWord, isGreeting, matchCommand } from '../../src/chat/commands';
import { parseRelay } from '../../src/chat/staff-words/relay';

const commands = [
  { name: 'points', words: ['积分', 'points'] },
  { name: 'query', words: ['查询', '进度'] },
  { name: 'query-one', words: ['查'] },
  { name: 'profile', words: ['资料', '我的资料', 'profile'] },
  { name: 'bind', words: ['绑定', 'bind'] },
  { name: 'opt_out', words: ['退订', 'td'] },
];
const match = (text: string) => {
  const m = matchCommand(text, commands);
  return m ? { name: m.command.name, args: m.args } : null;
};

describe('matchCommand', () => {
  it('matches a word alone, trimmed', () => {
    expect(match('积分')).toEqual({ name: 'points', args: '' });
    expect(match('  退订  ')).toEqual({ name: 'opt_out', args: '' });
  });

  it('lets the longest word win', () => {
    expect(match('查询')).toEqual({ name: 'query', args: '' });
    expect(match('查 T20261122-0007')).toEqual({ name: 'query-one', args: 'T20261122-0007' });
    expect(match('我的资料')).toEqual({ name: 'profile', args: '' });
  });

  it('passes what follows a space, or a code straight after a Chinese word, as arguments', () => {
    expect(match('绑定 123456')).toEqual({ name: 'bind', args: '123456' });
    expect(match('绑定123456')).toEqual({ name: 'bind', args: '123456' });
    expect(match('资料 修改')).toEqual({ name: 'profile', args: '修改' });
    expect(match('查询T20261122-0007')).toEqual({ name: 'query', args: 'T20261122-0007' });
  });

  it('matches English aliases case-insensitively, but not inside longer words', () => {
    expect(match('POINTS')).toEqual({ name: 'points', args: '' });
    expect(match('Profile edit')).toEqual({ name: 'profile', args: 'edit' });
    expect(match('TD')).toEqual({ name: 'opt_out', args: '' });
    expect(match('today')).toBeNull();
    expect(match('pointsx')).toBeNull();
  });

  it('does not take a sentence that starts with a word as the command ("积分多少" is a question)', () => {
    expect(match('积分多少')).toBeNull();
    expect(match('退订了吗')).toBeNull();
    expect(match('资料怎么改')).toBeNull();
  });

  it('accepts a word followed only by punctuation', () => {
    expect(match('退订。')).toEqual({ name: 'opt_out', args: '' });
    expect(match('积分？')).toEqual({ name: 'points', args: '' });
    expect(match('资料!')).toEqual({ name: 'profile', args: '' });
  });

  it('matches nothing in empty text or text without a word', () => {
    expect(match('')).toBeNull();
    expect(match('   ')).toBeNull();
    expect(match('你好')).toBeNull();
    expect(match('我想查一下积分')).toBeNull();
  });
});

describe('isCancelWord', () => {
  it('knows the cancel words, in either case', () => {
    expect(isCancelWord('取消')).toBe(true);
    expect(isCancelWord(' 算了 ')).toBe(true);
    expect(isCancelWord('Cancel')).toBe(true);
    expect(isCancelWord('取消订单')).toBe(false);
  });
});

describe('parseRelay', () => {
  it('reads a member code and the reply', () => {
    expect(parseRelay('#M000012 您好，衣服到了')).toEqual({ code: 'M000012', body: '您好，衣服到了' });
    expect(parseRelay('# m000012   多行\n第二行 ')).toEqual({ code: 'M000012', body: '多行\n第二行' });
  });

  it('gives an empty body when only the code is there', () => {
    expect(parseRelay('#M000012')).toEqual({ code: 'M000012', body: '' });
  });

  it('is null for anything that is not a relay', () => {
    expect(parseRelay('M000012 你好')).toBeNull();
    expect(parseRelay('#M12 你好')).toBeNull();
    expect(parseRelay('#M000012你好')).toBeNull();
    expect(parseRelay('今天几点开门')).toBeNull();
  });
});

describe('isGreeting', () => {
  it('recognises a bare hello in the ways people type it', () => {
    for (const t of ['你好', '您好！', '在吗？', 'Hi', 'hello~', '  ', '？']) expect(isGreeting(t)).toBe(true);
  });
  it('does not take a request for a greeting', () => {
    for (const t of ['你好，我要投诉', '投诉', '在吗 衣服到了没', '积分']) expect(isGreeting(t)).toBe(false);
  });
});
