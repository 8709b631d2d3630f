import Mustache from 'mustache';
import type { TemplateLibrary } from '../shared/templates';

/** A template variant as a pattern that reads the variables back out of a text rendered from it. */
interface Readback {
  parts: (string | { name: string })[];
  pattern: RegExp;
}

const readbacks = new WeakMap<TemplateLibrary, Readback[]>();

/** Every variant that signs with `{{assistant}}`, made of plain text and simple variables (as care, survey and tier texts are). */
function signedVariants(templates: TemplateLibrary): Readback[] {
  let list = readbacks.get(templates);
  if (list) return list;
  list = [];
  for (const key of templates.keys()) {
    for (const text of templates.variants(key)) {
      if (!text.includes('{{assistant}}')) continue;
      const rb = readbackOf(text.trim());
      if (rb) list.push(rb);
    }
  }
  readbacks.set(templates, list);
  return list;
}

function readbackOf(text: string): Readback | null {
  const parts: Readback['parts'] = [];
  let source = '';
  const seen = new Set<string>();
  for (const [type, value] of Mustache.parse(text)) {
    if (type === 'text') {
      parts.push(value);
      source += value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if ((type === 'name' || type === '&') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      parts.push({ name: value });
      // A variable used twice holds the same value both times.
      source += seen.has(value) ? `\\k<${value}>` : `(?<${value}>[\\s\\S]*?)`;
      seen.add(value);
    } else {
      return null;
    }
  }
  return { parts, pattern: new RegExp(`^${source}$`) };
}

/**
 * The same message signed by another assistant. A text rendered from a template is rendered again with
 * the new name wherever the template puts `{{assistant}}` (the greeting's body and its signature), so a
 * member whose own name contains the former assistant's is left alone. A text the assistant rewrote
 * matches no template: only its last line, where people sign, has the former name replaced.
 */
export function resignText(templates: TemplateLibrary, text: string, fromName: string | null, toName: string): string {
  const trimmed = text.trim();
  for (const rb of signedVariants(templates)) {
    const m = rb.pattern.exec(trimmed);
    if (!m?.groups) continue;
    return rb.parts.map((p) => (typeof p === 'string' ? p : p.name === 'assistant' ? toName : (m.groups![p.name] ?? ''))).join('');
  }
  if (!fromName) return text;
  const cut = text.lastIndexOf('\n') + 1;
  return text.slice(0, cut) + text.slice(cut).split(fromName).join(toName);
}
