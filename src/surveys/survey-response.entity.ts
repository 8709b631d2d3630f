import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SurveyStatus = 'open' | 'completed' | 'stopped' | 'lapsed';

/** One member's answers to one quarterly survey; saved after every answer, so stopping midway keeps what was said. */
@Entity('survey_response')
@Index('idx_survey_member_key', ['memberId', 'surveyKey'], { unique: true })
@Index('idx_survey_key', ['surveyKey', 'status'])
export class SurveyResponse {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  /** e.g. 2026Q4 */
  @Column({ type: 'varchar', length: 16 })
  surveyKey!: string;

  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: SurveyStatus;

  /** 1–5 each */
  @Column({ type: 'int', nullable: true })
  quality!: number | null;

  @Column({ type: 'int', nullable: true })
  price!: number | null;

  @Column({ type: 'int', nullable: true })
  variety!: number | null;

  @Column({ type: 'int', nullable: true })
  environment!: number | null;

  @Column({ type: 'int', nullable: true })
  checkout!: number | null;

  @Column({ type: 'int', nullable: true })
  display!: number | null;

  @Column({ type: 'int', nullable: true })
  afterSales!: number | null;

  /** 0–10: would you recommend us */
  @Column({ type: 'int', nullable: true })
  nps!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;
}
