import { Initial1763800000000 } from './1763800000000-initial';
import { Parapheur1764000000000 } from './1764000000000-parapheur';

/** In order; never edit one once merged. */
export const migrations = [Initial1763800000000, Parapheur1764000000000];
