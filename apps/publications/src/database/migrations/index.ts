import { Initial1763900000000 } from './1763900000000-initial';
import { Kinds1764000000000 } from './1764000000000-kinds';
import { Social1764000100000 } from './1764000100000-social';
import { Versions1764000200000 } from './1764000200000-versions';

/** In order; never edit one once merged. */
export const migrations = [Initial1763900000000, Kinds1764000000000, Social1764000100000, Versions1764000200000];
