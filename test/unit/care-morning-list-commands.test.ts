import { parseDraftCommand, parseNumberList } from '../../src/care/morning-list/morning-list.commands';

describe('reading an assistant’s answer to the morning list', () => {
  it('reads 全部发送 with or without closing punctuation', () => {
    expect(parseDraftCommand('全部发送')).toEqual({ kind: 'send_all' });
    expect(parseDraftCommand(' 全部发送！')).toEqual({ kind: 'send_all' });
    expect(parseDraftCommand('send all')).toEqual({ kind: 'send_all' });
  });

  it('reads numbers after 发送 and 跳过 in the ways people type them', () => {
    expect(parseDraftCommand('发送 1 3 5')).toEqual({ kind: 'send', numbers: [1, 3, 5] });
    expect(parseDraftCommand('发送1，3、5')).toEqual({ kind: 'send', numbers: [1, 3, 5] });
    expect(parseDraftCommand('发送 １ ３')).toEqual({ kind: 'send', numbers: [1, 3] });
    expect(parseDraftCommand('发送 2-4')).toEqual({ kind: 'send', numbers: [2, 3, 4] });
    expect(parseDraftCommand('发送 第3条')).toEqual({ kind: 'send', numbers: [3] });
    expect(parseDraftCommand('跳过 2')).toEqual({ kind: 'skip', numbers: [2] });
    expect(parseDraftCommand('跳过 2 2 3')).toEqual({ kind: 'skip', numbers: [2, 3] });
  });

  it('answers with how to write it when the word is right but the numbers are not', () => {
    expect(parseDraftCommand('发送')).toEqual({ kind: 'usage', of: 'send' });
    expect(parseDraftCommand('发送 abc')).toEqual({ kind: 'usage', of: 'send' });
    expect(parseDraftCommand('跳过 0')).toEqual({ kind: 'usage', of: 'skip' });
    expect(parseDraftCommand('发送 1-9999')).toEqual({ kind: 'usage', of: 'send' });
  });

  it('reads 修改 with the number and the whole new text, which may itself contain digits', () => {
    expect(parseDraftCommand('修改 4 王姐，3号降温记得添衣')).toEqual({ kind: 'edit', number: 4, text: '王姐，3号降温记得添衣' });
    expect(parseDraftCommand('修改4：生日快乐')).toEqual({ kind: 'edit', number: 4, text: '生日快乐' });
    expect(parseDraftCommand('修改 4 王姐，立冬了记得添衣。')).toEqual({ kind: 'edit', number: 4, text: '王姐，立冬了记得添衣。' });
    expect(parseDraftCommand('修改 4')).toEqual({ kind: 'usage', of: 'edit' });
    expect(parseDraftCommand('修改一下')).toEqual({ kind: 'usage', of: 'edit' });
  });

  it('reads 草稿 as showing the list again, with an optional page', () => {
    expect(parseDraftCommand('草稿')).toEqual({ kind: 'list', page: 1 });
    expect(parseDraftCommand('草稿 2')).toEqual({ kind: 'list', page: 2 });
  });

  it('leaves other staff messages to other commands', () => {
    expect(parseDraftCommand('#M000012 您好')).toBeNull();
    expect(parseDraftCommand('今天几点开会')).toBeNull();
    expect(parseDraftCommand('全部发送了吗')).toBeNull();
  });

  it('refuses lists that are not numbers', () => {
    expect(parseNumberList('')).toBeNull();
    expect(parseNumberList('1 x')).toBeNull();
    expect(parseNumberList('5-3')).toBeNull();
    expect(parseNumberList('2到4')).toEqual([2, 3, 4]);
  });
});
