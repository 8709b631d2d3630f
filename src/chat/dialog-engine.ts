import type { DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import { DialogState } from './dialog-state.entity';
import type { InboundMessage } from './ports';

export type DialogData = Record<string, unknown>;

export interface DialogInput {
  message: InboundMessage;
  /** Normalised text; empty for non-text messages. */
  text: string;
}

export type StepOutcome = { goto: string; data?: DialogData } | { end: true };

/** A multi-step conversation. Its state lives in the database, so a restart mid-dialog resumes it. */
export interface DialogDefinition<C> {
  name: string;
  /** Minutes of silence after which the dialog lapses; defaults to the configured DIALOG_TTL_MINUTES. */
  ttlMinutes?: number;
  /** Whether a step takes images or files (complaint photos); other steps ask for text. */
  acceptsNonText?(step: string): boolean;
  /** The question of a step, to ask again after an interruption. */
  prompt(step: string, data: DialogData, ctx: C): string | Promise<string>;
  handle(step: string, data: DialogData, input: DialogInput, ctx: C): Promise<StepOutcome>;
  /** Told to the person when they come back after the dialog lapsed. */
  expiredText?(data: DialogData): string;
  /** Lets a dialog keep something of a lapsed draft (e.g. record an abandoned complaint). */
  onExpired?(data: DialogData, subjectKey: string): Promise<void>;
}

export interface ActiveDialog {
  dialog: string;
  step: string;
  data: DialogData;
}

export type LoadResult = { state: 'none' } | { state: 'active'; active: ActiveDialog } | { state: 'expired'; dialog: string; data: DialogData };

export class DialogEngine<C> {
  private readonly definitions = new Map<string, DialogDefinition<C>>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly defaultTtlMinutes: number,
  ) {}

  register(def: DialogDefinition<C>): void {
    if (this.definitions.has(def.name)) throw new Error(`dialog ${def.name} registered twice`);
    this.definitions.set(def.name, def);
  }

  definition(name: string): DialogDefinition<C> | undefined {
    return this.definitions.get(name);
  }

  private get repo() {
    return this.ds.getRepository(DialogState);
  }

  private expiry(def: DialogDefinition<C> | undefined): Date {
    const minutes = def?.ttlMinutes ?? this.defaultTtlMinutes;
    return new Date(this.clock.now().getTime() + minutes * 60_000);
  }

  /** Starts (or replaces) the subject's dialog at a step. */
  async start(subjectKey: string, dialog: string, step: string, data: DialogData = {}): Promise<void> {
    const def = this.definitions.get(dialog);
    if (!def) throw new Error(`unknown dialog ${dialog}`);
    const now = this.clock.now();
    const row = { dialog, step, data: JSON.stringify(data), expiresAt: this.expiry(def), updatedAt: now };
    const updated = await this.repo.update({ subjectKey }, row);
    if (!updated.affected) {
      await this.repo.upsert({ subjectKey, ...row }, ['subjectKey']);
    }
  }

  async load(subjectKey: string): Promise<LoadResult> {
    const row = await this.repo.findOneBy({ subjectKey });
    if (!row) return { state: 'none' };
    const data = JSON.parse(row.data) as DialogData;
    if (row.expiresAt.getTime() <= this.clock.now().getTime() || !this.definitions.has(row.dialog)) {
      await this.repo.delete({ id: row.id });
      const def = this.definitions.get(row.dialog);
      await def?.onExpired?.(data, subjectKey);
      return { state: 'expired', dialog: row.dialog, data };
    }
    return { state: 'active', active: { dialog: row.dialog, step: row.step, data } };
  }

  async end(subjectKey: string): Promise<void> {
    await this.repo.delete({ subjectKey });
  }

  /** Feeds one message to the active dialog and stores where it went. */
  async advance(subjectKey: string, active: ActiveDialog, input: DialogInput, ctx: C): Promise<StepOutcome> {
    const def = this.definitions.get(active.dialog);
    if (!def) throw new Error(`unknown dialog ${active.dialog}`);
    const outcome = await def.handle(active.step, active.data, input, ctx);
    if ('end' in outcome) {
      // The handler may have started another dialog; end only this one.
      await this.repo.delete({ subjectKey, dialog: active.dialog, step: active.step });
    } else {
      const now = this.clock.now();
      await this.repo.update(
        { subjectKey },
        { step: outcome.goto, data: JSON.stringify(outcome.data ?? active.data), expiresAt: this.expiry(def), updatedAt: now },
      );
    }
    return outcome;
  }

  /** Mark of dialogs that lapsed while the person was away: removes them and lets each keep its draft. */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.repo.createQueryBuilder('d').where('d.expiresAt <= :now', { now }).getMany();
    for (const row of rows) {
      await this.repo.delete({ id: row.id });
      await this.definitions.get(row.dialog)?.onExpired?.(JSON.parse(row.data) as DialogData, row.subjectKey);
    }
    return rows.length;
  }
}
