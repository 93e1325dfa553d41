import { Initial1763810000000 } from './1763810000000-initial';

/** In order; never edit one once merged. */
export const migrations = [Initial1763810000000];
