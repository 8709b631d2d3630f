import { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';
import { MpIdentity } from './mp-identity.entity';
import { MpSession } from './mp-session.entity';

/** The mini-program module's entities, listed once in src/db/entities.ts. */
export const mpEntities = [MpIdentity, MpSession, MpBindingCode, MpBindingGuard, MpMemberMerge];
