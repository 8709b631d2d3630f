import type { Occasion } from '../outbox';
import { TemplateLibrary, templateVariables } from '../shared/templates';
import { FESTIVAL_IDS, TARGETED_FESTIVAL_IDS } from './care.config-schema';
import { SEASON_TERMS } from './occasion-calendar';

/** Words that turn a greeting into an advert; festival, season and long-time-no-see texts must not use them. */
export const PROMOTION_WORDS = ['优惠', '折扣', '促销', '新品', '打折', '特价', '活动价'] as const;

/** What a group of templates may use: its variables, whether promotion is banned, which keys must exist. */
export interface TemplateContract {
  /** Template key prefix, e.g. `care.festival.` */
  prefix: string;
  vars: readonly string[];
  noPromotion: boolean;
  /** Keys that must exist (each occasion the planner can raise needs its text). */
  required: readonly string[];
  /** Several variants per occasion so texts rotate. */
  minVariants: number;
  /** Variables every variant must use (a birthday text names the day: {{birthday}}). */
  mustUse?: readonly string[];
}

const COMMON = ['name', 'assistant', 'store'] as const;

export const CARE_TEMPLATE_CONTRACTS: readonly TemplateContract[] = [
  { prefix: 'care.birthday.', vars: [...COMMON, 'birthday'], noPromotion: false, required: ['care.birthday.variants'], minVariants: 3, mustUse: ['birthday'] },
  {
    prefix: 'care.belated_birthday.',
    vars: [...COMMON, 'birthday', 'when'],
    noPromotion: false,
    required: ['care.belated_birthday.variants'],
    minVariants: 3,
    mustUse: ['birthday', 'when'],
  },
  {
    // The managers' digest about sending capacity (staff texts, not member greetings).
    prefix: 'care.capacity.',
    vars: ['date', 'ahead', 'account', 'total', 'ceiling', 'overflow', 'occasion', 'unsent', 'more', 'when', 'count'],
    noPromotion: false,
    required: ['care.capacity.warn', 'care.capacity.help', 'care.capacity.missed'],
    minVariants: 1,
  },
  {
    prefix: 'care.words.',
    vars: ['name', 'store'],
    noPromotion: true,
    required: ['care.words.yesterday', 'care.words.day_before_yesterday', 'care.words.signature_own', 'care.words.signature_store'],
    minVariants: 1,
  },
  { prefix: 'care.festival.', vars: [...COMMON, 'festival'], noPromotion: true, required: FESTIVAL_IDS.map((f) => `care.festival.${f}`), minVariants: 3 },
  {
    prefix: 'care.targeted_festival.',
    vars: [...COMMON, 'festival'],
    noPromotion: true,
    required: TARGETED_FESTIVAL_IDS.map((f) => `care.targeted_festival.${f}`),
    minVariants: 3,
  },
  {
    prefix: 'care.season.',
    vars: [...COMMON, 'term', 'season'],
    noPromotion: true,
    required: Object.values(SEASON_TERMS).map((s) => `care.season.${s}`),
    minVariants: 3,
  },
  { prefix: 'care.long_time_no_see.', vars: [...COMMON, 'days'], noPromotion: true, required: ['care.long_time_no_see.variants'], minVariants: 3 },
  { prefix: 'care.post_purchase.', vars: [...COMMON, 'items', 'purchaseDate'], noPromotion: false, required: ['care.post_purchase.variants'], minVariants: 3 },
  {
    prefix: 'care.first_purchase_followup.',
    vars: [...COMMON, 'items', 'purchaseDate'],
    noPromotion: false,
    required: ['care.first_purchase_followup.variants'],
    minVariants: 3,
  },
];

/**
 * The promotion word in a text for an occasion whose texts must carry wishes or care only (festival,
 * targeted festival, season, long time no see), or null: the same rule for an assistant's own text as
 * for the templates.
 */
export function promotionWordIn(occasion: Occasion, text: string): string | null {
  const contract = CARE_TEMPLATE_CONTRACTS.find((c) => c.prefix === `care.${occasion}.`);
  if (!contract?.noPromotion) return null;
  return PROMOTION_WORDS.find((w) => text.includes(w)) ?? null;
}

export interface TemplateProblem {
  key: string;
  /** 1-based variant number, when the problem is in one variant. */
  variant?: number;
  problem: string;
}

export interface TemplateCheckResult {
  problems: TemplateProblem[];
  /** Templates checked against a contract. */
  checked: number;
  /** Templates that only had their syntax checked (no contract names their variables). */
  syntaxOnly: number;
}

/**
 * Checks every template under a directory: syntax everywhere; under a contract also unknown variables,
 * promotion words where banned, missing texts and too few variants.
 */
export function checkTemplates(dir: string, contracts: readonly TemplateContract[] = CARE_TEMPLATE_CONTRACTS): TemplateCheckResult {
  let lib: TemplateLibrary;
  try {
    lib = new TemplateLibrary(dir);
  } catch (err) {
    return { problems: [{ key: '(files)', problem: (err as Error).message }], checked: 0, syntaxOnly: 0 };
  }
  const problems: TemplateProblem[] = [];
  let checked = 0;
  let syntaxOnly = 0;
  for (const key of lib.keys().sort()) {
    const contract = contracts.find((c) => key.startsWith(c.prefix));
    const variants = lib.variants(key);
    if (contract) checked++;
    else syntaxOnly++;
    if (contract && variants.length < contract.minVariants) {
      problems.push({ key, problem: `has ${variants.length} variant(s); write at least ${contract.minVariants} so texts rotate` });
    }
    variants.forEach((text, i) => {
      let vars: string[];
      try {
        vars = templateVariables(text);
      } catch (err) {
        problems.push({ key, variant: i + 1, problem: `template syntax: ${(err as Error).message}` });
        return;
      }
      if (!contract) return;
      for (const v of vars) {
        if (!contract.vars.includes(v)) problems.push({ key, variant: i + 1, problem: `unknown variable {{${v}}} (known: ${contract.vars.join(', ')})` });
      }
      for (const v of contract.mustUse ?? []) {
        if (!vars.includes(v)) problems.push({ key, variant: i + 1, problem: `does not name the day: {{${v}}} is missing (every text of this occasion must use it)` });
      }
      if (contract.noPromotion) {
        for (const w of PROMOTION_WORDS) {
          if (text.includes(w)) problems.push({ key, variant: i + 1, problem: `promotion word “${w}” in a text that must carry wishes or care only` });
        }
      }
    });
  }
  const careKeys = lib.keys().filter((k) => k.startsWith('care.'));
  for (const key of careKeys) {
    if (!contracts.some((c) => key.startsWith(c.prefix))) problems.push({ key, problem: 'no contract names its variables; add it to CARE_TEMPLATE_CONTRACTS' });
  }
  for (const c of contracts) {
    for (const key of c.required) if (!lib.has(key)) problems.push({ key, problem: 'missing: the planner needs this text' });
  }
  return { problems, checked, syntaxOnly };
}
