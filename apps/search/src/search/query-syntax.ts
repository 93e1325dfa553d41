import { createHash } from 'node:crypto';
import { PublicationKind, SearchQuery } from '@diplomatie/contracts';

/** A word or a "phrase" of the query, as the user typed it (the engine analyses it). */
export interface Term {
  text: string;
  phrase: boolean;
}

/** The full-text part: every group must match (AND), a group matches when one of its terms does (OR). */
export interface TextQuery {
  groups: Term[][];
  excluded: Term[];
}

/**
 * What a backend searches for: the text and every filter, from the query string's operators and
 * the request's parameters together. Each array is a conjunction (every value must hold).
 */
export interface SearchCriteria {
  text: TextQuery;
  kinds: PublicationKind[];
  topics: string[];
  /** Emitting unit or a unit addressed (pour action, pour information). */
  units: string[];
  /** Emitting unit only (`from:`). */
  emitters: string[];
  communities: string[];
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
  limit: number;
  cursor?: string;
}

export class QuerySyntaxError extends Error {}

const OPERATOR = /^(kind|topic|from|after|before):(.*)$/i;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses the query syntax of the search box: words, `"phrases"`, `-exclusion`, `or` between
 * alternatives, and the operators `kind:telegram`, `topic:serbie`, `from:amb-belgrade` (emitting
 * unit), `after:2026-01-01` (published on or after that day, UTC) and `before:2026-02-01`
 * (published before that day). Pure: no engine syntax leaks in or out.
 */
export function parseQuerySyntax(q: string): Omit<SearchCriteria, 'limit' | 'cursor' | 'units'> {
  const criteria: Omit<SearchCriteria, 'limit' | 'cursor' | 'units'> = {
    text: { groups: [], excluded: [] },
    kinds: [],
    topics: [],
    emitters: [],
    communities: [],
  };
  let joinNext = false;
  for (const token of tokenize(q)) {
    if (!token.phrase && token.text.toLowerCase() === 'or') {
      joinNext = criteria.text.groups.length > 0;
      continue;
    }
    const operator = token.phrase ? null : OPERATOR.exec(token.text);
    if (operator) {
      if (token.negated) throw new QuerySyntaxError(`${operator[1].toLowerCase()}: cannot be negated`);
      applyOperator(criteria, operator[1].toLowerCase(), operator[2]);
      joinNext = false;
      continue;
    }
    const term: Term = { text: token.text, phrase: token.phrase };
    if (token.negated) {
      criteria.text.excluded.push(term);
      joinNext = false;
    } else if (joinNext) {
      criteria.text.groups[criteria.text.groups.length - 1].push(term);
      joinNext = false;
    } else {
      criteria.text.groups.push([term]);
    }
  }
  return criteria;
}

/** The request's filters and the query string's operators, together. */
export function criteriaOf(query: SearchQuery): SearchCriteria {
  const parsed = parseQuerySyntax(query.q);
  const from = [parsed.from, query.from].filter((d): d is string => !!d).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  const to = [parsed.to, query.to].filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return {
    ...parsed,
    kinds: unique([...parsed.kinds, ...(query.kind ? [query.kind] : [])]),
    topics: unique([...parsed.topics, ...(query.topic ? [query.topic] : [])]),
    units: query.unit ? [query.unit] : [],
    communities: unique([...parsed.communities, ...(query.community ? [query.community] : [])]),
    from,
    to,
    limit: query.limit,
    cursor: query.cursor,
  };
}

/** Whether the text part has anything to match; without it, only filters apply. */
export function hasText(text: TextQuery): boolean {
  return text.groups.length > 0 || text.excluded.length > 0;
}

/** Identifies the query and filters (not the page): a cursor is only valid for the criteria it was issued for. */
export function criteriaHash(criteria: SearchCriteria): string {
  const { text, kinds, topics, units, emitters, communities, from, to } = criteria;
  return createHash('sha256').update(JSON.stringify([text, kinds, topics, units, emitters, communities, from, to])).digest('base64url').slice(0, 16);
}

function applyOperator(criteria: Omit<SearchCriteria, 'limit' | 'cursor' | 'units'>, name: string, rawValue: string): void {
  const value = rawValue.replace(/^"|"$/g, '');
  switch (name) {
    case 'kind': {
      const kind = PublicationKind.safeParse(value.toLowerCase());
      if (!kind.success) throw new QuerySyntaxError(`kind:${value}: one of ${PublicationKind.options.join(', ')}`);
      criteria.kinds = unique([...criteria.kinds, kind.data]);
      return;
    }
    case 'topic':
    case 'from': {
      const slug = value.toLowerCase();
      if (!SLUG.test(slug)) throw new QuerySyntaxError(`${name}:${value}: a code such as ${name === 'topic' ? 'serbie' : 'amb-belgrade'}`);
      if (name === 'topic') criteria.topics = unique([...criteria.topics, slug]);
      else criteria.emitters = unique([...criteria.emitters, slug]);
      return;
    }
    case 'after':
    case 'before': {
      const day = dayOf(value);
      if (!day) throw new QuerySyntaxError(`${name}:${value}: a date such as 2026-01-31`);
      if (name === 'after') criteria.from = criteria.from && criteria.from > day ? criteria.from : day;
      else criteria.to = criteria.to && criteria.to < day ? criteria.to : day;
      return;
    }
  }
}

/** `YYYY-MM-DD` as the ISO instant of that day's start (UTC), or null for a date that does not exist. */
function dayOf(value: string): string | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value ? date.toISOString() : null;
}

interface Token {
  text: string;
  phrase: boolean;
  negated: boolean;
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i])) {
      i++;
      continue;
    }
    let negated = false;
    if (q[i] === '-' && i + 1 < q.length && !/\s/.test(q[i + 1])) {
      negated = true;
      i++;
    }
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      const text = q.slice(i + 1, end === -1 ? q.length : end).replace(/\s+/g, ' ').trim();
      i = end === -1 ? q.length : end + 1;
      if (text) tokens.push({ text, phrase: true, negated });
      continue;
    }
    let end = i;
    // An operator's quoted value (`from:"amb-belgrade"`) stays in its token.
    while (end < q.length && !/\s/.test(q[end])) {
      if (q[end] === '"' && !/:$/.test(q.slice(i, end))) break;
      if (q[end] === '"') {
        const close = q.indexOf('"', end + 1);
        end = close === -1 ? q.length : close + 1;
        continue;
      }
      end++;
    }
    const text = q.slice(i, end).replaceAll('"', '');
    i = end === i ? i + 1 : end;
    if (text) tokens.push({ text, phrase: false, negated });
  }
  return tokens;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
