import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per cron fire (job + scheduled minute): inserting it is how one instance wins the run. */
@Entity('job_run')
export class JobRun {
  @PrimaryColumn({ type: 'varchar', length: 160 })
  runKey!: string;

  @Column({ type: 'varchar', length: 64 })
  instanceId!: string;

  @Column({ type: 'datetime', precision: 3 })
  claimedAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  leaseUntil!: Date;
}
