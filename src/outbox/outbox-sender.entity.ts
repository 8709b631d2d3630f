import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Throttle state of one sending account (the store's WeChat account): when it may send next and how
 * many proactive messages it sent on the current store day. A slot is taken by an update conditional
 * on it being free, so several dispatchers (instances, or parallel runs) never take the same slot.
 */
@Entity('outbox_sender')
export class OutboxSender {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  account!: string;

  /** Earliest instant of the next send (minimum gap plus jitter after the last one). */
  @Column({ type: 'datetime', precision: 3 })
  nextAt!: Date;

  /** Store-local YYYY-MM-DD that `sentToday` counts. */
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'int' })
  sentToday!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
