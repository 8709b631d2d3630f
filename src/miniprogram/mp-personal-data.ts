import { type DataSource, In } from 'typeorm';
import type { PersonalDataHolder } from '../members';
import { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';
import { MpIdentity } from './mp-identity.entity';
import { MpSession } from './mp-session.entity';

/** What the mini-program keeps about a member: its identities (exported), sessions and binding codes (secret). */
export function mpPersonalData(ds: DataSource): PersonalDataHolder {
  return {
    async exportFor(memberId) {
      const identities = await ds.getRepository(MpIdentity).find({ where: { memberId }, order: { id: 'ASC' } });
      return { identities: { miniProgram: identities.map((i) => ({ openid: i.openid, unionid: i.unionid, since: i.createdAt, lastLoginAt: i.lastLoginAt })) } };
    },
    exportedTables: [MpIdentity, MpSession, MpBindingCode],
    async erase(em, { memberId, contactIds }) {
      await em.delete(MpIdentity, { memberId });
      await em.delete(MpSession, { memberId });
      await em.delete(MpBindingCode, { memberId });
      if (contactIds.length) await em.delete(MpBindingGuard, { contactId: In(contactIds) });
      // A member merged into this one leaves no trail back to them.
      await em.delete(MpMemberMerge, { intoMemberId: memberId });
    },
  };
}
