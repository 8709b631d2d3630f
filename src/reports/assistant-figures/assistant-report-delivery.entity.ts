import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A manager was sent the assistants' figures of a month: claimed before sending, so a rerun sends nothing twice. */
@Entity('assistant_report_delivery')
export class AssistantReportDelivery {
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @PrimaryColumn({ type: 'int' })
  staffId!: number;

  @Column({ type: 'datetime', precision: 3 })
  sentAt!: Date;
}
