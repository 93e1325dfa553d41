import { Initial1763900000000 } from './1763900000000-initial';

/** In order; never edit one once merged. */
export const migrations = [Initial1763900000000];
