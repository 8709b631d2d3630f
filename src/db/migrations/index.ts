import { Initial1763800000000 } from './1763800000000-initial';
import { Purchases1763800000050 } from './1763800000050-purchases';
import { Outbox1763800000060 } from './1763800000060-outbox';

/**
 * Every migration, in order. Add new ones at the end of this list (one line each).
 */
export const migrations = [
  Initial1763800000000,
  Purchases1763800000050,
  Outbox1763800000060,
];
