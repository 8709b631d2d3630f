import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One fixed-window counter (a limit's name and the client it counts): shared by every instance. */
@Entity('rate_limit_counter')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  counterKey!: string;

  @Column({ type: 'int' })
  hits!: number;

  /** When the window ends, in epoch milliseconds (compared in SQL; no time zone to convert). */
  @Index('idx_rate_limit_counter_reset')
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  resetAtMs!: number;
}
