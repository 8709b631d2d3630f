import Mustache from 'mustache';
import type { TemplateLibrary, TemplateVars } from '../shared/templates';

export type RenderFn = (vars: TemplateVars) => string;

/**
 * A template's variants compiled once into plain string concatenation, for the planner that renders
 * thousands of texts a day. Care templates only use `{{name}}` variables; anything else (sections,
 * dotted names, partials) falls back to the library's own Mustache rendering, so the output is always
 * the same as `TemplateLibrary.render` (unescaped, trimmed).
 */
export function compileVariants(templates: TemplateLibrary, key: string): RenderFn[] {
  return templates.variants(key).map((text, variant) => compileText(text) ?? ((vars) => templates.render(key, vars, variant)));
}

/** Concatenation of text and simple variables, or null when the template needs Mustache itself. */
export function compileText(text: string): RenderFn | null {
  const parts: (string | { name: string })[] = [];
  for (const [type, value] of Mustache.parse(text)) {
    if (type === 'text') parts.push(value);
    else if ((type === 'name' || type === '&') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) parts.push({ name: value });
    else return null;
  }
  return (vars) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = vars[p.name];
        if (v !== null && v !== undefined) out += String(v);
      }
    }
    return out.trim();
  };
}
