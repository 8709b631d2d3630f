import toneWords from './tone-words.json';

const QUIET_OCCASIONS = new Set<string>(toneWords.occasions);

/**
 * The promotion word an assistant's text carries where it may not (festival, season and long-time-no-see
 * greetings carry wishes or care only), or null. The same words and occasions as the server's check
 * (src/care/template-check.ts; test/unit/console-tone-words.test.ts keeps them equal): the server decides,
 * this only warns while typing.
 */
export function promotionWordIn(occasion: string, text: string): string | null {
  if (!QUIET_OCCASIONS.has(occasion)) return null;
  return toneWords.words.find((w) => text.includes(w)) ?? null;
}

export const toneWarning = (word: string, occasionLabel: string): string =>
  `“${word}”是促销用语。${occasionLabel}的问候只表达祝福和关心，不提优惠、新品，请换个说法。`;
