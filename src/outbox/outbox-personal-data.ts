import { In } from 'typeorm';
import type { PersonalDataHolder } from '../members';
import { OutboxMessage } from './outbox-message.entity';

const PENDING = ['draft', 'queued', 'check'] as const;

/** What the outbox keeps about a member: messages not yet sent are dropped, texts of all of them blanked. */
export function outboxPersonalData(): PersonalDataHolder {
  return {
    async erase(em, { memberId, now }) {
      await em.update(OutboxMessage, { memberId, status: In([...PENDING]) }, { status: 'skipped', reason: 'member_erased', updatedAt: now });
      await em.update(OutboxMessage, { memberId }, { text: '', meta: null, updatedAt: now });
    },
  };
}
