import type { TemplateLibrary } from '../../shared/templates';

/**
 * An assistant's own text for a draft is signed like the template texts ("—— 您的导购 李丽"), unless they
 * signed it already: their name at the very end, after any closing punctuation, brackets or a dash.
 */
export function signDraft(text: string, name: string, signature: string): string {
  const body = text.replace(/\s+$/u, '');
  const tail = body.replace(/[\s。.!！~～)）】」』"”]+$/u, '');
  if (name && tail.endsWith(name)) return text;
  return `${body}\n${signature}`;
}

/** An assistant's own text, signed like the template texts (by the member's assistant, else with the store's name). */
export function signedBy(templates: TemplateLibrary, storeName: string, staff: { id: number; name: string }, member: { assistantId: number | null } | null, text: string): string {
  const own = member?.assistantId === staff.id;
  const signature = templates.render(own ? 'care.words.signature_own' : 'care.words.signature_store', { name: staff.name, store: storeName });
  return signDraft(text, staff.name, signature);
}
