import toneWords from '../../src/console/pages/drafts/tone-words.json';
import { OCCASION_PRIORITY } from '../../src/outbox';
import { PROMOTION_WORDS, promotionWordIn } from '../../src/care/template-check';

describe('the console’s tone check as you type', () => {
  it('uses the promotion words the server refuses', () => {
    expect(toneWords.words).toEqual([...PROMOTION_WORDS]);
  });

  it('warns for exactly the occasions whose edits the server refuses', () => {
    const refused = OCCASION_PRIORITY.filter((occasion) => promotionWordIn(occasion, PROMOTION_WORDS[0]) !== null);
    expect([...toneWords.occasions].sort()).toEqual([...refused].sort());
  });
});
