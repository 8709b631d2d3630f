import { DraftNumber } from './morning-list/draft-number.entity';

/** Tables of the care module: the numbers of the assistants' morning lists (the drafts are outbox rows). */
export const careEntities = [DraftNumber];
