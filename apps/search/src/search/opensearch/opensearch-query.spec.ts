import { accessScope, canRead, matrixDocuments, matrixPrincipals } from '@diplomatie/auth';
import { AccessDescriptor } from '@diplomatie/contracts';
import { sourceOf } from './opensearch-index';
import { accessFilter, Clause, microseconds } from './opensearch-query';

/**
 * A tiny interpreter of the query DSL the access filter uses (match_all, term, terms, exists,
 * bool with filter/must/should/must_not and minimum_should_match), over an indexed source, with
 * OpenSearch's semantics for keyword arrays: a term matches when any value equals it, `exists`
 * is false for an empty array.
 */
function matches(clause: Clause, source: Record<string, unknown>): boolean {
  const [[type, arg]] = Object.entries(clause) as [string, Record<string, unknown>][];
  const values = (field: string) => {
    const v = source[field];
    return (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]) as unknown[];
  };
  switch (type) {
    case 'match_all':
      return true;
    case 'term': {
      const [[field, value]] = Object.entries(arg);
      return values(field).includes(value);
    }
    case 'terms': {
      const [[field, wanted]] = Object.entries(arg) as [string, unknown[]][];
      return values(field).some((v) => wanted.includes(v));
    }
    case 'exists':
      return values(arg['field'] as string).length > 0;
    case 'bool': {
      const list = (key: string) => (arg[key] === undefined ? [] : Array.isArray(arg[key]) ? (arg[key] as Clause[]) : [arg[key] as Clause]);
      const required = [...list('filter'), ...list('must')];
      const should = list('should');
      const minimum = (arg['minimum_should_match'] as number | undefined) ?? (required.length === 0 && should.length > 0 ? 1 : 0);
      return (
        required.every((c) => matches(c, source)) &&
        !list('must_not').some((c) => matches(c, source)) &&
        should.filter((c) => matches(c, source)).length >= minimum
      );
    }
    default:
      throw new Error(`the access filter should not use ${type}`);
  }
}

function indexed(access: AccessDescriptor): Record<string, unknown> {
  return sourceOf({
    id: '0190a000-0000-7000-8000-0000000000aa', kind: 'telegram', reference: null, subject: 'Objet', summary: '', bodyText: '',
    topics: [], communities: access.communities, emittingUnitId: access.units[0] ?? 'amb-belgrade', forAction: [], forInformation: [],
    priority: 'routine', country: null, publishedAt: '2026-01-01T00:00:00.000Z', version: 1, access,
  });
}

describe(accessFilter.name, () => {
  it.each(Object.keys(matrixPrincipals))('selects for %s exactly the documents canRead allows', (who) => {
    const principal = matrixPrincipals[who];
    const filter = accessFilter(accessScope(principal));
    const selected = Object.entries(matrixDocuments).filter(([, doc]) => matches(filter, indexed(doc))).map(([name]) => name).sort();
    const expected = Object.entries(matrixDocuments).filter(([, doc]) => canRead(principal, doc)).map(([name]) => name).sort();
    expect(selected).toEqual(expected);
  });

  it('is exactly this JSON for a partner, and for a partner without the charter', () => {
    expect(accessFilter(accessScope(matrixPrincipals['partnerWithCharter']))).toEqual({
      bool: { filter: [{ term: { status: 'published' } }, { term: { classification: 'public' } }, { term: { partners: true } }] },
    });
    expect(accessFilter(accessScope(matrixPrincipals['partnerWithoutCharter']))).toEqual({ bool: { must_not: [{ match_all: {} }] } });
    expect(accessFilter(accessScope(matrixPrincipals['service']))).toEqual({ match_all: {} });
  });
});

describe(microseconds.name, () => {
  it('prints instants as the PostgreSQL backend does', () => {
    expect(microseconds('2026-01-03T10:00:00.5+01:00')).toBe('2026-01-03T09:00:00.500000Z');
  });
});
