import {
  classifyCompensation,
  describeCompensation,
  isDoneWord,
  isNoneWord,
  looksLikeComplaint,
  parseCategory,
  parseCompensation,
  parseOrderNo,
  parseSatisfied,
  parseScore,
  parseTicketCommand,
  parseTicketNo,
  ticketNoFor,
} from '../../src/complaints/complaint-parsing';
import { percentile } from '../../src/reports/complaints-report-stats';

describe('ticket numbers', () => {
  it('formats the store day and a four-digit sequence', () => {
    expect(ticketNoFor('2026-11-22', 7)).toBe('T20261122-0007');
  });
  it('reads a ticket number a member typed loosely', () => {
    expect(parseTicketNo('t20261122-7')).toBe('T20261122-0007');
    expect(parseTicketNo('查一下 T20261122-0012 谢谢')).toBe('T20261122-0012');
    expect(parseTicketNo('我的投诉')).toBeNull();
  });
});

describe('spotting a complaint in plain text', () => {
  it.each(['东西坏了', '服务太差', '你们的服务态度太差了', '衣服洗了一次就掉色', '我要投诉你们', '质量有问题', '发错货了'])('treats "%s" as a complaint', (text) => {
    expect(looksLikeComplaint(text)).toBe(true);
  });
  it.each(['你好', '这件外套还有M码吗', '东西没坏，就是想问问怎么洗', '质量很好，谢谢', '积分多少'])('does not treat "%s" as a complaint', (text) => {
    expect(looksLikeComplaint(text)).toBe(false);
  });
});

describe('dialog answers', () => {
  it('reads categories by number or by word', () => {
    expect(parseCategory('1')).toBe('quality');
    expect(parseCategory('2')).toBe('service');
    expect(parseCategory('7')).toBe('other');
    expect(parseCategory('送货的问题')).toBe('delivery');
    expect(parseCategory('8')).toBeNull();
    expect(parseCategory('不知道')).toBeNull();
  });
  it('knows done and none words, and order numbers', () => {
    expect(isDoneWord('好了')).toBe(true);
    expect(isDoneWord('说完了。')).toBe(true);
    expect(isDoneWord('好了吗我的衣服')).toBe(false);
    expect(isNoneWord('没有')).toBe(true);
    expect(isNoneWord('跳过')).toBe(true);
    expect(parseOrderNo('订单号：A20261120-15')).toBe('A20261120-15');
    expect(parseOrderNo('昨天买的')).toBeNull();
  });
  it.each([
    '好了', '好了。', '完成', '完成了', '没了', '没了~', '就这些', '就这些吧', '说完了', '我说完了！', 'ok', 'OK', 'ＯＫ', 'Ok了', '好的',
    '好了，谢谢', '嗯，就这些', '没有了，麻烦你们了', '就这样吧…', '写完了', '👌',
  ])('ends a complaint description on %j', (typed) => {
    expect(isDoneWord(typed)).toBe(true);
  });

  it.each(['好了吗我的衣服', '好了？', '还没完', '没了扣子', '就这些质量', 'ok的话就退款', '好了，快点处理', '谢谢', '完成度很差'])(
    'keeps %j as part of the description',
    (typed) => {
      expect(isDoneWord(typed)).toBe(false);
    },
  );

  it('reads satisfaction and survey scores', () => {
    expect(parseSatisfied('1')).toBe(true);
    expect(parseSatisfied('满意')).toBe(true);
    expect(parseSatisfied('2')).toBe(false);
    expect(parseSatisfied('还不满意')).toBe(false);
    expect(parseSatisfied('什么时候到店')).toBeNull();
    expect(parseScore('4')).toBe(4);
    expect(parseScore('五分')).toBe(5);
    expect(parseScore('6')).toBeNull();
    expect(parseScore('0')).toBeNull();
  });
});

describe('staff ticket commands', () => {
  it('parses each verb with its argument', () => {
    expect(parseTicketCommand('#T20261122-0007 回复 您好，马上处理')).toEqual({ ok: true, ticketNo: 'T20261122-0007', action: { verb: 'reply', text: '您好，马上处理' } });
    expect(parseTicketCommand('#t20261122-0007 处理中')).toEqual({ ok: true, ticketNo: 'T20261122-0007', action: { verb: 'ack' } });
    expect(parseTicketCommand('#T20261122-0007 解决 已换新')).toMatchObject({ ok: true, action: { verb: 'resolve', text: '已换新' } });
    expect(parseTicketCommand('#T20261122-0007 补偿 5元券')).toMatchObject({ ok: true, action: { verb: 'compensate', text: '5元券' } });
    expect(parseTicketCommand('#T20261122-0007 转 张敏')).toMatchObject({ ok: true, action: { verb: 'assign', to: '张敏' } });
    expect(parseTicketCommand('#T20261122-0007 原因 批次质量')).toMatchObject({ ok: true, action: { verb: 'cause', cause: '批次质量' } });
    expect(parseTicketCommand('#T20261122-0007 批准')).toMatchObject({ ok: true, action: { verb: 'approve' } });
    expect(parseTicketCommand('#T20261122-0007')).toMatchObject({ ok: true, action: { verb: 'show' } });
  });
  it('rejects malformed commands with a reason, and leaves other texts alone', () => {
    expect(parseTicketCommand('#T20261122-0007 回复')).toEqual({ ok: false, ticketNo: 'T20261122-0007', reason: 'missing_text', verb: 'reply' });
    expect(parseTicketCommand('#T20261122-0007 吃饭')).toMatchObject({ ok: false, reason: 'unknown_verb' });
    expect(parseTicketCommand('#T2026-7 回复 hi')).toMatchObject({ ok: false, reason: 'bad_ticket' });
    expect(parseTicketCommand('#M000012 您好')).toBeNull();
    expect(parseTicketCommand('今天几点下班')).toBeNull();
  });
});

describe('compensation', () => {
  const limits = { minorMaxYuan: 5, mediumMaxYuan: 10 };
  it('reads a coupon, an exchange with a coupon and a note, and a refund with extra', () => {
    expect(parseCompensation('5元券')).toEqual({ ok: true, value: { exchange: false, couponFen: 500, refundFen: 0, extraFen: 0, note: null } });
    expect(parseCompensation('换货 +10元券 鞋底开胶')).toEqual({ ok: true, value: { exchange: true, couponFen: 1000, refundFen: 0, extraFen: 0, note: '鞋底开胶' } });
    expect(parseCompensation('退款 299元 +20元 面料过敏')).toEqual({ ok: true, value: { exchange: false, couponFen: 0, refundFen: 29900, extraFen: 2000, note: '面料过敏' } });
  });
  it('asks for the amount when it is missing', () => {
    expect(parseCompensation('元券')).toEqual({ ok: false, reason: 'missing_amount' });
    expect(parseCompensation('退款')).toEqual({ ok: false, reason: 'missing_amount' });
    expect(parseCompensation('优惠券')).toEqual({ ok: false, reason: 'missing_amount' });
  });
  it('classifies by DOMAIN.md severity', () => {
    const base = { exchange: false, couponFen: 0, refundFen: 0, extraFen: 0, note: null };
    expect(classifyCompensation({ ...base, couponFen: 500 }, limits)).toBe('minor');
    expect(classifyCompensation({ ...base, couponFen: 800 }, limits)).toBe('medium');
    expect(classifyCompensation({ ...base, exchange: true, couponFen: 1000 }, limits)).toBe('medium');
    expect(classifyCompensation({ ...base, couponFen: 5000 }, limits)).toBe('severe');
    expect(classifyCompensation({ ...base, refundFen: 29900 }, limits)).toBe('severe');
    expect(describeCompensation({ exchange: true, couponFen: 1000, refundFen: 0, extraFen: 0 })).toBe('换货 + 10元优惠券');
  });
});

describe('percentiles for the report', () => {
  it('interpolates between ranks and gives null without data', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10], 90)).toBe(10);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBeCloseTo(91);
  });
});
