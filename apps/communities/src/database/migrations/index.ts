import { Directory1763900000000 } from './1763900000000-directory';
import { CommunityLifecycle1764100000000 } from './1764100000000-community-lifecycle';
import { PeopleSearch1764100000001 } from './1764100000001-people-search';
import { Charter1764100000002 } from './1764100000002-charter';

/** In order; never edit one once merged. */
export const migrations = [Directory1763900000000, CommunityLifecycle1764100000000, PeopleSearch1764100000001, Charter1764100000002];
