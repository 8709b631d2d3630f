import type { PersonalDataHolder } from '../members';
import { DialogState } from './dialog-state.entity';

/** What chat keeps about a member beyond the members module's message log: an open dialog's answers so far. */
export function chatPersonalData(): PersonalDataHolder {
  return {
    async erase(em, { memberId }) {
      await em.delete(DialogState, { subjectKey: `member:${memberId}` });
    },
  };
}
