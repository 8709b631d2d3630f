import { Initial1763800000000 } from './1763800000000-initial';

/** Every migration, in order. New migrations are added here (and generated with `npm run migration:generate`). */
export const migrations = [Initial1763800000000];
