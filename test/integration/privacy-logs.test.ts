import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { startHarness, type Harness } from '../support/harness';

/** Phone numbers never reach the logs, whatever the log level and however they were typed. */
describe('privacy of logs during onboarding', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'trace' } });
  });
  afterAll(async () => {
    await h.close();
  });

  const phone = '13912345678';
  const forms = [phone, '139 1234 5678', '139-1234-5678', '1391234', '12345678', '１３９１２３４５６７８'];

  it('never writes the phone number to the logs, with or without spaces', async () => {
    const contact = { id: 'wx-private', name: '隐私' };
    const first = h.logLines.length;
    await h.say(contact, '你好');
    await h.say(contact, '1');
    await h.say(contact, '隐女士');
    await h.say(contact, '139 1234');
    await h.say(contact, '+86 139 1234 5678');
    await h.say(contact, '资料');
    const res = await h.http.post('/dev/chat/messages').send({ from: contact, text: `我的新号码 ${phone}，麻烦改一下` });
    expect(res.status).toBe(200);

    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId: contact.id });
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
    expect(h.laoke.services.members.phoneOf(member)).toBe(phone);

    const lines = h.logLines.slice(first);
    // The logs did record the conversation (so this test would see a leak).
    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join('');
    for (const form of forms) expect(all).not.toContain(form);
    expect(all.replace(/\s|-/g, '')).not.toContain(phone);
  });

  it('does not log the phone when a request carrying it fails validation', async () => {
    const first = h.logLines.length;
    const res = await h.http.post('/dev/chat/messages').send({ from: { id: 'bad id', name: phone }, text: phone });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(phone);
    expect(h.logLines.slice(first).join('')).not.toContain(phone);
  });
});
