import { AppError, DirectoryImport, ErrorCode, Unit, ValidationIssue } from '@diplomatie/contracts';
import { isDeepStrictEqual } from 'node:util';

/** Identifiers the directory already holds, among those a payload references without defining. */
export interface KnownIds {
  units: ReadonlySet<string>;
  organisations: ReadonlySet<string>;
  logins: ReadonlySet<string>;
  topics: ReadonlySet<string>;
  communities: ReadonlySet<string>;
}
export type References = { [K in keyof KnownIds]: string[] };

/** What the import writes, in the order it must be written. */
export interface ImportPlan {
  /** Parents before their children. */
  units: Unit[];
}

/** The identifiers a payload references but does not define: only these need a look-up. */
export function externalReferences(data: DirectoryImport): References {
  const defined = {
    units: new Set(data.units.map((u) => u.id)),
    organisations: new Set(data.organisations.map((o) => o.id)),
    logins: new Set(data.agents.map((a) => a.login)),
    topics: new Set(data.topics.map((t) => t.id)),
    communities: new Set(data.communities.map((c) => c.id)),
  };
  const refs = { units: new Set<string>(), organisations: new Set<string>(), logins: new Set<string>(), topics: new Set<string>(), communities: new Set<string>() };
  for (const u of data.units) if (u.parentId) refs.units.add(u.parentId);
  for (const a of data.agents) {
    for (const m of a.units) refs.units.add(m.unitId);
    if (a.organisationId) refs.organisations.add(a.organisationId);
  }
  for (const c of data.communities) {
    for (const t of c.topics) refs.topics.add(t);
    for (const m of c.members) refs.logins.add(m.login);
  }
  for (const i of data.interests) {
    refs.logins.add(i.login);
    for (const t of i.topics) refs.topics.add(t);
    for (const c of i.communities) refs.communities.add(c);
  }
  const outside = (key: keyof References) => [...refs[key]].filter((id) => !defined[key].has(id)).sort();
  return { units: outside('units'), organisations: outside('organisations'), logins: outside('logins'), topics: outside('topics'), communities: outside('communities') };
}

/**
 * Checks every reference of the payload against itself and what the directory holds, and orders
 * units parents-first. Throws VALIDATION_FAILED naming each faulty row: an import is all or nothing.
 */
export function planImport(data: DirectoryImport, known: KnownIds): ImportPlan {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  const has = (payload: Set<string>, store: ReadonlySet<string>, id: string) => payload.has(id) || store.has(id);

  const units = uniqueIds(data.units.map((u) => u.id), 'units', 'unit', issue);
  const organisations = uniqueIds(data.organisations.map((o) => o.id), 'organisations', 'organisation', issue);
  const logins = uniqueIds(data.agents.map((a) => a.login), 'agents', 'login', issue);
  const topics = uniqueIds(data.topics.map((t) => t.id), 'topics', 'topic', issue);
  const communities = uniqueIds(data.communities.map((c) => c.id), 'communities', 'community', issue);
  uniqueIds(data.interests.map((i) => i.login), 'interests', 'interests of', issue);

  data.units.forEach((u, i) => {
    if (u.parentId === u.id) issue(`units.${i}.parentId`, `unit "${u.id}" cannot be its own parent`);
    else if (u.parentId && !has(units, known.units, u.parentId)) issue(`units.${i}.parentId`, `unit "${u.id}": unknown parent unit "${u.parentId}"`);
  });
  data.agents.forEach((a, i) => {
    const seen = new Set<string>();
    a.units.forEach((m, j) => {
      if (!has(units, known.units, m.unitId)) issue(`agents.${i}.units.${j}.unitId`, `agent "${a.login}": unknown unit "${m.unitId}"`);
      if (seen.has(m.unitId)) issue(`agents.${i}.units.${j}.unitId`, `agent "${a.login}": unit "${m.unitId}" listed twice`);
      seen.add(m.unitId);
    });
    if (a.organisationId && !has(organisations, known.organisations, a.organisationId)) {
      issue(`agents.${i}.organisationId`, `agent "${a.login}": unknown organisation "${a.organisationId}"`);
    }
    if (a.kind === 'partner' && !a.organisationId) issue(`agents.${i}.organisationId`, `partner "${a.login}" must belong to an organisation`);
    if (a.kind === 'partner' && a.units.length > 0) issue(`agents.${i}.units`, `partner "${a.login}" cannot belong to a unit`);
    if (a.kind === 'partner' && a.roles.length > 0) issue(`agents.${i}.roles`, `partner "${a.login}" cannot hold a platform role`);
  });
  data.communities.forEach((c, i) => {
    c.topics.forEach((t, j) => {
      if (!has(topics, known.topics, t)) issue(`communities.${i}.topics.${j}`, `community "${c.id}": unknown topic "${t}"`);
    });
    const seen = new Set<string>();
    c.members.forEach((m, j) => {
      if (!has(logins, known.logins, m.login)) issue(`communities.${i}.members.${j}.login`, `community "${c.id}": unknown login "${m.login}"`);
      if (seen.has(m.login)) issue(`communities.${i}.members.${j}.login`, `community "${c.id}": member "${m.login}" listed twice`);
      seen.add(m.login);
    });
  });
  data.interests.forEach((entry, i) => {
    if (!has(logins, known.logins, entry.login)) issue(`interests.${i}.login`, `interests: unknown login "${entry.login}"`);
    entry.topics.forEach((t, j) => {
      if (!has(topics, known.topics, t)) issue(`interests.${i}.topics.${j}`, `interests of "${entry.login}": unknown topic "${t}"`);
    });
    entry.communities.forEach((c, j) => {
      if (!has(communities, known.communities, c)) issue(`interests.${i}.communities.${j}`, `interests of "${entry.login}": unknown community "${c}"`);
    });
  });

  const ordered = issues.length === 0 ? parentsFirst(data.units, issue) : [];
  if (issues.length > 0) {
    throw new AppError(ErrorCode.ValidationFailed, `invalid directory import: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { units: ordered };
}

function uniqueIds(ids: string[], path: string, what: string, issue: (path: string, message: string) => void): Set<string> {
  const set = new Set<string>();
  ids.forEach((id, i) => {
    if (set.has(id)) issue(`${path}.${i}`, `${what} "${id}" appears twice`);
    set.add(id);
  });
  return set;
}

/** Units of the payload with every parent of the payload before its children; a loop is an issue. */
function parentsFirst(units: Unit[], issue: (path: string, message: string) => void): Unit[] {
  const byId = new Map(units.map((u, i) => [u.id, { unit: u, index: i }]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: Unit[] = [];
  const visit = (id: string, chain: string[]): void => {
    const entry = byId.get(id);
    if (!entry || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      issue(`units.${entry.index}.parentId`, `units form a loop: ${[...chain.slice(chain.indexOf(id)), id].join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    if (entry.unit.parentId) visit(entry.unit.parentId, [...chain, id]);
    state.set(id, 'done');
    ordered.push(entry.unit);
  };
  for (const u of units) visit(u.id, []);
  return ordered;
}

/** States that are new or different: what deserves an event. Removed keys are not the import's business. */
export function changedStates<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): T[] {
  return [...after].filter(([key, state]) => !before.has(key) || !isDeepStrictEqual(before.get(key), state)).map(([, state]) => state);
}

/** Accounts whose snapshot an import may change: those it names, and (through `communityIds`) current members of its communities. */
export function touchedAccounts(data: DirectoryImport): { logins: string[]; communityIds: string[] } {
  const logins = new Set([
    ...data.agents.map((a) => a.login),
    ...data.interests.map((i) => i.login),
    ...data.communities.flatMap((c) => c.members.map((m) => m.login)),
  ]);
  return { logins: [...logins], communityIds: data.communities.map((c) => c.id) };
}

/** Counts of rows in the payload, per kind: the import's reply. */
export function payloadCounts(data: DirectoryImport) {
  return {
    units: data.units.length,
    organisations: data.organisations.length,
    agents: data.agents.length,
    topics: data.topics.length,
    communities: data.communities.length,
    interests: data.interests.length,
  };
}

const sections = ['units', 'organisations', 'agents', 'topics', 'communities', 'interests'] as const;
type Section = (typeof sections)[number];
/** For each section of a (filtered) payload, the index each row had in the payload as sent. */
export type RowOrigin = Record<Section, number[]>;

export function rowOrigin(data: DirectoryImport): RowOrigin {
  const origin = {} as RowOrigin;
  for (const section of sections) origin[section] = data[section].map((_, i) => i);
  return origin;
}

/**
 * Leaves out the rows `issues` name (`<section>.<index>…`, indices of `data`), reporting them with
 * the indices of the payload as sent. Rows that depended on a dropped one fail the next plan in turn.
 */
export function dropRows(data: DirectoryImport, origin: RowOrigin, issues: ValidationIssue[]): { data: DirectoryImport; origin: RowOrigin; rejected: ValidationIssue[] } {
  const dropped = Object.fromEntries(sections.map((s) => [s, new Set<number>()])) as Record<Section, Set<number>>;
  const rejected: ValidationIssue[] = [];
  for (const issue of issues) {
    const match = /^([a-z]+)\.(\d+)(.*)$/.exec(issue.path);
    const section = match?.[1] as Section | undefined;
    if (!match || !section || !sections.includes(section)) throw new AppError(ErrorCode.ValidationFailed, `invalid directory import: ${issue.message}`, [issue]);
    const index = Number(match[2]);
    dropped[section].add(index);
    rejected.push({ path: `${section}.${origin[section][index]}${match[3]}`, message: issue.message });
  }
  const next = { ...data };
  const nextOrigin = { ...origin };
  for (const section of sections) {
    const keep = (_: unknown, i: number) => !dropped[section].has(i);
    (next as Record<Section, unknown[]>)[section] = data[section].filter(keep);
    nextOrigin[section] = origin[section].filter(keep);
  }
  return { data: next, origin: nextOrigin, rejected };
}
