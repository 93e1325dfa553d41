import { Directory1763900000000 } from './1763900000000-directory';

/** In order; never edit one once merged. */
export const migrations = [Directory1763900000000];
