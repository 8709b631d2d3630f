import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';

/** A template entry: one text, or several variants to rotate between. */
export type TemplateEntry = string | string[];

export type TemplateVars = Record<string, string | number | boolean | null | undefined>;

/** Escaping is for HTML; chat text goes out as typed. */
const NO_ESCAPE = { escape: (s: string) => s };

/**
 * Reply texts and message templates, read from `templates/**.yaml`. A file's keys are prefixed by its
 * path: `templates/care/birthday.yaml` key `variants` is `care.birthday.variants`; `templates/replies.yaml`
 * keys stay as they are.
 */
export class TemplateLibrary {
  private readonly entries = new Map<string, TemplateEntry>();

  constructor(private readonly dir: string) {
    this.load();
  }

  private load(): void {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((name) => {
        const p = join(d, name);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.yaml') ? [p] : [];
      });
    for (const file of walk(this.dir)) {
      const rel = relative(this.dir, file).replace(/\\/g, '/').replace(/\.yaml$/, '');
      const prefix = rel === 'replies' ? '' : `${rel.replace(/\//g, '.')}.`;
      const doc = parseYaml(readFileSync(file, 'utf8')) as unknown;
      this.flatten(prefix, doc, file);
    }
  }

  private flatten(prefix: string, node: unknown, file: string): void {
    if (node === null || node === undefined) return;
    if (typeof node === 'string' || (Array.isArray(node) && node.every((v) => typeof v === 'string'))) {
      this.entries.set(prefix.replace(/\.$/, ''), node as TemplateEntry);
      return;
    }
    if (typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) this.flatten(`${prefix}${k}.`, v, file);
      return;
    }
    throw new Error(`${file}: ${prefix} must be text or a list of texts`);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  variants(key: string): string[] {
    const entry = this.entries.get(key);
    if (entry === undefined) throw new Error(`unknown template ${key}`);
    return Array.isArray(entry) ? entry : [entry];
  }

  /** Renders a template; with several variants, `variant` picks one (modulo the count), default the first. */
  render(key: string, vars: TemplateVars = {}, variant = 0): string {
    const list = this.variants(key);
    const text = list[((variant % list.length) + list.length) % list.length];
    return Mustache.render(text, vars, {}, NO_ESCAPE).trim();
  }
}

/** Names of the variables a template text uses, for `templates:check`. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  const visit = (tokens: unknown[]): void => {
    for (const t of tokens as [string, string, number, number, unknown[]?][]) {
      if (t[0] === 'name' || t[0] === '&' || t[0] === '#' || t[0] === '^') names.add(t[1]);
      if (Array.isArray(t[4])) visit(t[4]);
    }
  };
  visit(Mustache.parse(text));
  return [...names];
}
