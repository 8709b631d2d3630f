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
