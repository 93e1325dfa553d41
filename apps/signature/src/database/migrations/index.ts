import { Initial1763800000000 } from './1763800000000-initial';

/** In order; never edit one once merged. */
export const migrations = [Initial1763800000000];
