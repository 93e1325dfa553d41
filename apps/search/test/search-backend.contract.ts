import { randomUUID } from 'node:crypto';
import { PartnerPrincipal, Principal, SearchQuery, SearchResult } from '@diplomatie/contracts';
import { accessScope } from '@diplomatie/auth';
import { demoPrincipals, servicePrincipal } from '@diplomatie/testing';
import { criteriaOf } from '../src/search/query-syntax';
import { SearchBackend } from '../src/search/search-backend';
import { SearchDocument, searchDocumentOf } from '../src/search/search-document';
import { fixtures, FixtureName, publishedEnvelope } from './telegrams';

/** A backend ready to use, on an empty index of its own. */
export interface BackendUnderTest {
  backend: SearchBackend;
  /** Makes what was indexed visible to queries (OpenSearch's refresh; nothing on PostgreSQL). */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

const service = servicePrincipal('gateway');
const claire = demoPrincipals.claire();
const amina = demoPrincipals.amina();
const paul = demoPrincipals.paul();
const sophie = demoPrincipals.sophie();
const sophieWithoutCharter: PartnerPrincipal = { ...demoPrincipals.sophie(), charterAccepted: false };

/**
 * The behaviour every search backend must have, whatever its engine: French analysis, access
 * inside the query (hidden documents change no hit, count, facet or page), filters and the query
 * syntax's operators, facets, keyset pagination, idempotent indexing and removal. The demo
 * telegrams (published 2026-01-01 … 2026-01-08, one a day) are indexed through the port.
 */
export function describeSearchBackendContract(name: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`search backend contract: ${name}`, () => {
    let sut: BackendUnderTest;
    const ids = {} as Record<FixtureName, string>;
    const nameOf = (id: string) => (Object.keys(ids) as FixtureName[]).find((n) => ids[n] === id) ?? id;
    const names = (result: SearchResult) => result.items.map((hit) => nameOf(hit.id));
    const sorted = (result: SearchResult) => names(result).sort();

    const search = (principal: Principal, query: Partial<SearchQuery> & { q: string }) =>
      sut.backend.query(criteriaOf({ limit: 20, ...query }), accessScope(principal));
    async function index(doc: SearchDocument): Promise<void> {
      await sut.backend.index(doc);
      await sut.settle();
    }

    beforeAll(async () => {
      sut = await makeBackend();
      let day = 1;
      for (const fixture of Object.keys(fixtures) as FixtureName[]) {
        const at = `2026-01-${String(day++).padStart(2, '0')}T09:00:00.000Z`;
        const envelope = publishedEnvelope(fixture, at);
        ids[fixture] = envelope.data.publication.id;
        await sut.backend.index(searchDocumentOf(envelope.data, at));
      }
      await sut.settle();
    });
    afterAll(async () => {
      await sut?.dispose();
    });

    describe('French analysis', () => {
      it('finds another inflection of a word of the body', async () => {
        // "négociations" in the bodies of the restricted telegram and the press review, "négociation" in the note.
        expect(sorted(await search(service, { q: 'négociation' }))).toEqual(['adhesion', 'note', 'presse']);
        expect(sorted(await search(service, { q: 'plaider' }))).toEqual(['adhesion', 'presse']); // "a plaidé", "plaide"
      });

      it('folds accents and case, in the text and in the query', async () => {
        for (const q of ['elargissement', 'élargissement', 'ÉLARGISSEMENT', 'Elargissements']) {
          expect(names(await search(service, { q }))).toEqual(['adhesion']); // "la politique d'élargissement", in its body only
        }
        const lower = names(await search(service, { q: 'négociation' }));
        expect(names(await search(service, { q: 'NÉGOCIATION' }))).toEqual(lower);
        expect(names(await search(service, { q: 'Negociation' }))).toEqual(lower);
      });

      it('removes the elided article: "l’élargissement" and "d’élargissement" find "élargissement"', async () => {
        expect(names(await search(service, { q: 'l’élargissement' }))).toEqual(['adhesion']);
        expect(names(await search(service, { q: "d'élargissement" }))).toEqual(['adhesion']);
      });

      it('matches a "phrase" only where its words follow each other', async () => {
        // "droits de douane" and "États-Unis" make the steel telegram match the words, not the phrase.
        expect(sorted(await search(service, { q: 'état droit' }))).toEqual(['acier', 'adhesion', 'note']);
        expect(sorted(await search(service, { q: '"état de droit"' }))).toEqual(['adhesion', 'note']);
        expect(sorted(await search(service, { q: '"gaz naturel liquéfié"' }))).toEqual(['gnl', 'krk']);
        expect((await search(service, { q: '"liquéfié naturel gaz"' })).total).toBe(0);
      });

      it('excludes the publications with a -word', async () => {
        expect(sorted(await search(service, { q: 'serbie' }))).toEqual(['adhesion', 'gaz', 'kosovo', 'krk', 'note', 'presse']);
        // The press review mentions "le dossier du Kosovo" in its body.
        expect(sorted(await search(service, { q: 'serbie -kosovo' }))).toEqual(['adhesion', 'gaz', 'krk', 'note']);
      });

      it('matches either alternative of "or"', async () => {
        expect(sorted(await search(service, { q: 'aluminium or enlisement' }))).toEqual(['acier', 'adhesion']);
      });

      it('answers a query made only of stop words with nothing', async () => {
        expect((await search(service, { q: 'de la du et au' })).total).toBe(0);
      });

      it('ranks the subject above the body and highlights the matches in <mark>, HTML-escaped', async () => {
        const result = await search(service, { q: 'négociations' });
        expect(names(result)[0]).toBe('adhesion'); // in its subject; the two others only in their text
        const [first] = result.items;
        expect(first.subjectHighlight).toBe('Serbie — <mark>négociations</mark> d&#39;adhésion : perspectives d&#39;ouverture du groupe de chapitres n° 3');
        expect(first.highlight).toContain('<mark>négociations</mark>');
        for (const hit of result.items) {
          expect(hit.highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
          expect(hit.score).toBeGreaterThan(0);
          expect(hit.score).toBeLessThan(1);
        }
        expect(result.items.map((h) => h.score)).toEqual([...result.items.map((h) => h.score)].sort((a, b) => b - a));
      });
    });

    describe('access', () => {
      it('finds the restricted telegram for the Balkans service, with it in total and facets', async () => {
        const result = await search(claire, { q: 'négociation' });
        expect(sorted(result)).toEqual(['adhesion', 'note', 'presse']);
        expect(result.total).toBe(3);
        expect(result.facets).toEqual({
          kind: [{ value: 'telegram', count: 2 }, { value: 'diplomatic_note', count: 1 }],
          topic: [{ value: 'serbie', count: 3 }, { value: 'union-europeenne', count: 3 }, { value: 'elargissement', count: 2 }],
          unit: [{ value: 'amb-belgrade', count: 2 }, { value: 'meae-deur-balkans', count: 1 }],
          community: [{ value: 'balkans', count: 1 }],
          priority: [{ value: 'routine', count: 2 }, { value: 'priority', count: 1 }],
          year: [{ value: '2026', count: 3 }],
        });
      });

      it.each([
        ['amina (communication, not addressed)', amina],
        ['paul (another ministry)', paul],
      ])('hides it from %s: no hit, no count, no facet', async (_who, principal) => {
        const result = await search(principal, { q: 'négociation' });
        expect(sorted(result)).toEqual(['note', 'presse']);
        expect(result.total).toBe(2);
        expect(result.facets).toEqual({
          kind: [{ value: 'diplomatic_note', count: 1 }, { value: 'telegram', count: 1 }],
          topic: [{ value: 'serbie', count: 2 }, { value: 'union-europeenne', count: 2 }, { value: 'elargissement', count: 1 }],
          unit: [{ value: 'amb-belgrade', count: 1 }, { value: 'meae-deur-balkans', count: 1 }],
          community: [{ value: 'balkans', count: 1 }],
          priority: [{ value: 'routine', count: 2 }],
          year: [{ value: '2026', count: 2 }],
        });
        expect((await search(principal, { q: 'enlisement' })).total).toBe(0); // a word only that telegram has
      });

      it('shows a restricted telegram to a unit it is addressed to pour information', async () => {
        expect(sorted(await search(amina, { q: 'kosovo' }))).toEqual(['kosovo', 'presse']);
        expect(names(await search(paul, { q: 'kosovo' }))).toEqual(['presse']);
      });

      it('shows a partner only public documents opened to partners', async () => {
        const result = await search(sophie, { q: 'négociation' });
        expect(names(result)).toEqual(['presse']);
        expect(result.total).toBe(1);
        expect(result.facets.kind).toEqual([{ value: 'telegram', count: 1 }]);
        // Three telegrams speak of gas; only the public ones are opened to partners.
        expect(sorted(await search(sophie, { q: 'gaz' }))).toEqual(['gnl']);
      });

      it('shows nothing to a partner who has not accepted the charter', async () => {
        expect(await search(sophieWithoutCharter, { q: 'serbie' })).toEqual({
          items: [], nextCursor: null, total: 0, facets: { kind: [], topic: [], unit: [], community: [], priority: [], year: [] },
        });
      });

      it('lists by operators only what the caller may see', async () => {
        expect((await search(service, { q: 'kind:telegram' })).total).toBe(7);
        expect(sorted(await search(sophie, { q: 'kind:telegram' }))).toEqual(['gnl', 'presse']);
      });
    });

    describe('filters', () => {
      it('by kind, as a parameter or an operator', async () => {
        expect(names(await search(service, { q: 'négociation', kind: 'diplomatic_note' }))).toEqual(['note']);
        expect(sorted(await search(service, { q: 'négociation kind:telegram' }))).toEqual(['adhesion', 'presse']);
        expect((await search(service, { q: 'négociation kind:formal_letter' })).total).toBe(0);
        expect((await search(service, { q: 'négociation kind:post', kind: 'telegram' })).total).toBe(0); // both must hold
      });

      it('by topic', async () => {
        const result = await search(service, { q: 'serbie', topic: 'energie' });
        expect(sorted(result)).toEqual(['gaz', 'krk']);
        expect(result.facets.topic).toContainEqual({ value: 'energie', count: 2 });
        expect(sorted(await search(service, { q: 'serbie topic:energie' }))).toEqual(['gaz', 'krk']);
        expect(sorted(await search(service, { q: 'topic:energie topic:etats-unis' }))).toEqual(['gnl']);
      });

      it('by unit, emitting or addressed', async () => {
        expect(names(await search(service, { q: 'union', unit: 'amb-zagreb' }))).toEqual(['krk']); // emitting
        expect(sorted(await search(service, { q: 'union', unit: 'meae-com' }))).toEqual(['gnl', 'kosovo', 'presse']); // pour information
        expect(sorted(await search(service, { q: 'union', unit: 'minefi-tresor-europe' }))).toEqual(['acier', 'gaz', 'gnl', 'krk']);
      });

      it('by emitting unit with from:', async () => {
        expect(sorted(await search(service, { q: 'union from:amb-washington' }))).toEqual(['acier', 'gnl']);
        expect((await search(service, { q: 'union from:meae-com' })).total).toBe(0); // addressed pour information, not emitting
      });

      it('by community', async () => {
        expect(sorted(await search(service, { q: 'serbie', community: 'balkans' }))).toEqual(['gaz', 'krk', 'presse']);
      });

      it('by publication date, from inclusive and to exclusive', async () => {
        const result = await search(service, { q: 'serbie', from: '2026-01-03T09:00:00Z', to: '2026-01-05T09:00:00Z' });
        expect(sorted(result)).toEqual(['kosovo', 'presse']);
        expect(result.items.find((h) => h.id === ids.presse)?.publishedAt).toBe('2026-01-03T09:00:00.000000Z');
      });

      it('by day with after: and before:', async () => {
        expect(sorted(await search(service, { q: 'serbie after:2026-01-03 before:2026-01-05' }))).toEqual(['kosovo', 'presse']);
        expect(sorted(await search(service, { q: 'serbie after:2026-01-06' }))).toEqual(['note']);
      });

      it('combined, with the access scope', async () => {
        expect(names(await search(amina, { q: 'serbie', topic: 'elargissement', unit: 'amb-belgrade' }))).toEqual(['presse']);
        expect(sorted(await search(claire, { q: 'serbie', topic: 'elargissement', unit: 'amb-belgrade' }))).toEqual(['adhesion', 'presse']);
      });

      it('lists the newest first when the query has only operators', async () => {
        expect(names(await search(service, { q: 'topic:serbie' }))).toEqual(['note', 'kosovo', 'presse', 'gaz', 'adhesion']);
      });
    });

    describe('pagination', () => {
      async function walk(principal: Principal, q: string, limit: number) {
        const pages: SearchResult[] = [];
        let cursor: string | undefined;
        do {
          const page = await search(principal, { q, limit, cursor });
          pages.push(page);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && pages.length < 20);
        return pages;
      }

      it('walks every result once, in order, with the same total on each page', async () => {
        const pages = await walk(service, 'union', 2);
        const hits = pages.flatMap((p) => p.items);
        expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2, 1]);
        expect(pages.every((p) => p.total === 7)).toBe(true);
        expect(new Set(hits.map((h) => h.id)).size).toBe(7);
        const all = await search(service, { q: 'union', limit: 100 });
        expect(hits.map((h) => h.id)).toEqual(all.items.map((h) => h.id));
        expect(all.nextCursor).toBeNull();
      });

      it('walks a listing by operators in date order', async () => {
        const hits = (await walk(service, 'kind:telegram', 3)).flatMap((p) => p.items);
        expect(hits.map((h) => nameOf(h.id))).toEqual(['gnl', 'acier', 'krk', 'kosovo', 'presse', 'gaz', 'adhesion']);
      });

      it('never pages a document the caller may not see', async () => {
        const hits = (await walk(amina, 'union', 2)).flatMap((p) => p.items);
        expect(hits.map((h) => nameOf(h.id)).sort()).toEqual(['acier', 'gaz', 'gnl', 'kosovo', 'krk', 'presse']);
      });

      it('ends on a full last page with no cursor', async () => {
        const [page] = await walk(service, 'négociation', 3);
        expect(page.items).toHaveLength(3);
        expect(page.nextCursor).toBeNull();
      });

      it('rejects a cursor it did not issue, or issued for another query', async () => {
        const first = await search(service, { q: 'union', limit: 2 });
        await expect(search(service, { q: 'serbie', limit: 2, cursor: first.nextCursor ?? '' })).rejects.toThrow('cursor');
        await expect(search(service, { q: 'union', limit: 2, cursor: 'pas-un-curseur' })).rejects.toThrow('cursor');
      });
    });

    describe('indexing', () => {
      const marker = 'Kragujevac';
      function letter(id: string, version: number, subject: string): SearchDocument {
        const doc = searchDocumentOf(publishedEnvelope('acier', '2025-12-15T09:00:00.000Z', { publicationId: id }).data, '2025-12-15T09:00:00.000Z');
        return { ...doc, version, subject: `${subject} ${marker}` };
      }

      it('keeps one document per publication, and never lets an older version replace a newer one', async () => {
        const id = randomUUID();
        await index(letter(id, 1, 'Première version'));
        await index(letter(id, 1, 'Première version'));
        await index(letter(id, 2, 'Deuxième version'));
        await index(letter(id, 1, 'Première version'));
        const result = await search(service, { q: marker });
        expect(result.items.map((h) => [h.id, h.subject])).toEqual([[id, `Deuxième version ${marker}`]]);
        expect(result.facets.year).toEqual([{ value: '2025', count: 1 }]);
      });

      it('removes a document, and removing it again is no error', async () => {
        const [hit] = (await search(service, { q: marker })).items;
        await sut.backend.remove(hit.id);
        await sut.backend.remove(hit.id);
        await sut.backend.remove(randomUUID());
        await sut.settle();
        expect((await search(service, { q: marker })).total).toBe(0);
        expect((await search(service, { q: 'aluminium' })).items.map((h) => h.id)).toEqual([ids.acier]);
      });
    });
  });
}
