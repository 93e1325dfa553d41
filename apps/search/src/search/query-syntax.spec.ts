import { criteriaOf, hasText, parseQuerySyntax, QuerySyntaxError } from './query-syntax';

const word = (text: string) => ({ text, phrase: false });
const phrase = (text: string) => ({ text, phrase: true });

describe(parseQuerySyntax.name, () => {
  const sut = parseQuerySyntax;

  it('keeps words as groups of one, ANDed', () => {
    expect(sut('négociations  Serbie').text).toEqual({ groups: [[word('négociations')], [word('Serbie')]], excluded: [] });
  });

  it('reads "phrases", -exclusions and -"excluded phrases"', () => {
    expect(sut('"gaz naturel liquéfié" -kosovo -"état de droit"').text).toEqual({
      groups: [[phrase('gaz naturel liquéfié')]],
      excluded: [word('kosovo'), phrase('état de droit')],
    });
  });

  it('groups alternatives joined by or', () => {
    expect(sut('serbie or croatie gaz OR "gaz naturel"').text.groups).toEqual([
      [word('serbie'), word('croatie')],
      [word('gaz'), phrase('gaz naturel')],
    ]);
    expect(sut('or serbie or').text.groups).toEqual([[word('serbie')]]);
  });

  it('keeps hyphenated words and references whole', () => {
    expect(sut('États-Unis AMB-BELGRADE-2026-000001').text.groups).toEqual([[word('États-Unis')], [word('AMB-BELGRADE-2026-000001')]]);
  });

  it('reads an unterminated phrase to the end', () => {
    expect(sut('"état de droit').text.groups).toEqual([[phrase('état de droit')]]);
  });

  it('turns the operators into filters, not words', () => {
    const criteria = sut('kind:telegram topic:serbie from:amb-belgrade after:2026-01-01 before:2026-02-01 négociations');
    expect(criteria).toEqual({
      text: { groups: [[word('négociations')]], excluded: [] },
      kinds: ['telegram'],
      topics: ['serbie'],
      emitters: ['amb-belgrade'],
      communities: [],
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  it('reads operators case-insensitively, with a quoted value, and keeps the narrowest dates', () => {
    const criteria = sut('KIND:Diplomatic_Note Topic:"union-europeenne" topic:serbie after:2026-01-01 after:2026-01-10 before:2026-03-01 before:2026-02-01');
    expect(criteria.kinds).toEqual(['diplomatic_note']);
    expect(criteria.topics).toEqual(['union-europeenne', 'serbie']);
    expect([criteria.from, criteria.to]).toEqual(['2026-01-10T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(hasText(criteria.text)).toBe(false);
  });

  it('leaves unknown prefixes as words', () => {
    expect(sut('chapitre:23').text.groups).toEqual([[word('chapitre:23')]]);
  });

  it.each([
    ['kind:telex', /kind:telex/],
    ['topic:Énergie', /topic/],
    ['after:2026-02-30', /after/],
    ['before:demain', /before/],
    ['-kind:telegram', /cannot be negated/],
  ])('rejects %s', (q, message) => {
    expect(() => sut(q)).toThrow(QuerySyntaxError);
    expect(() => sut(q)).toThrow(message);
  });
});

describe(criteriaOf.name, () => {
  it('adds the request parameters to the operators', () => {
    const criteria = criteriaOf({ q: 'gaz topic:energie', topic: 'serbie', kind: 'telegram', unit: 'meae-com', community: 'balkans', from: '2026-01-05T00:00:00Z', limit: 20 });
    expect(criteria).toMatchObject({
      kinds: ['telegram'], topics: ['energie', 'serbie'], units: ['meae-com'], communities: ['balkans'], emitters: [], from: '2026-01-05T00:00:00Z', limit: 20,
    });
  });

  it('keeps the later start and the earlier end of a period given twice', () => {
    const criteria = criteriaOf({ q: 'gaz after:2026-01-10 before:2026-03-01', from: '2026-01-05T00:00:00Z', to: '2026-02-01T00:00:00Z', limit: 20 });
    expect([criteria.from, criteria.to]).toEqual(['2026-01-10T00:00:00.000Z', '2026-02-01T00:00:00Z']);
  });
});
