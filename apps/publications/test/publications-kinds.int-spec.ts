import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationContracts } from '@diplomatie/contracts';
import {
  communityPostDraft, demoPrincipals, diplomaticNoteDraft, formalLetterDraft, RpcTestClient, ServiceTestEnv, appErrorOf, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadPublicationsEnv } from '../src/config/publications.env';

const { create, publish, get } = PublicationContracts;

const julien = demoPrincipals.julien();
const marc = demoPrincipals.marc();
const claire = demoPrincipals.claire();
const paul = demoPrincipals.paul();
const zagreb = { ...demoPrincipals.julien(), login: 'luc.vidal', displayName: 'Luc Vidal', units: ['amb-zagreb'], communities: [] };


describe('publications service: the four kinds', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: DataSource;

  const counts = async () =>
    ((await db.query(`SELECT (SELECT count(*)::int FROM ${SCHEMA}.publication) AS p, (SELECT count(*)::int FROM ${SCHEMA}.outbox) AS o`)) as {
      p: number;
      o: number;
    }[])[0];

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadPublicationsEnv(vars))));
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  it('publishes a diplomatic note that its addressee units read, numbered by the emitting unit', async () => {
    const draft = await rpc.request(create, marc, diplomaticNoteDraft());
    expect(draft).toMatchObject({ kind: 'diplomatic_note', addressees: ['amb-belgrade', 'amb-zagreb'], forAction: ['amb-belgrade'], recipient: null });
    const note = await rpc.request(publish, marc, { id: draft.id });
    expect(note.reference).toMatch(/^MEAE-DEUR-BALKANS-\d{4}-000001$/);
    // Zagreb is only an addressee: it reads the restricted note all the same; another ministry does not.
    expect((await rpc.request(get, zagreb, { id: note.id })).id).toBe(note.id);
    expect((await appErrorOf(rpc.request(get, paul, { id: note.id }))).code).toBe('NOT_FOUND');
  });

  it('publishes a formal letter that needs no signature, with its recipient and references', async () => {
    const draft = await rpc.request(create, julien, formalLetterDraft());
    const letter = await rpc.request(publish, julien, { id: draft.id });
    expect(letter).toMatchObject({
      kind: 'formal_letter', status: 'published', forAction: [], signatureRequired: false,
      recipient: { name: 'Mme Tanja Miščević', organisation: 'Ministère de l’intégration européenne de la République de Serbie', address: 'Nemanjina 34, 11000 Belgrade, Serbie' },
      ourReference: 'AMB-BEL/2026/117', theirReference: 'MEI-2026-0342',
    });
  });

  it('refuses to publish a letter that requires a signature (CONFLICT), and emits nothing', async () => {
    const draft = await rpc.request(create, julien, formalLetterDraft({ signatureRequired: true }));
    const before = await counts();
    const error = await appErrorOf(rpc.request(publish, julien, { id: draft.id }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('a signature circuit must complete first');
    expect(await counts()).toEqual(before);
    expect((await rpc.request(get, julien, { id: draft.id })).status).toBe('draft');
  });

  it('publishes a community post that the community’s members read, with no unit pour action', async () => {
    const draft = await rpc.request(create, julien, communityPostDraft({ classification: 'restricted' }));
    const post = await rpc.request(publish, julien, { id: draft.id });
    expect(post).toMatchObject({ kind: 'post', forAction: [], communities: ['balkans'], status: 'published' });
    expect((await rpc.request(get, claire, { id: post.id })).id).toBe(post.id);
    expect((await appErrorOf(rpc.request(get, paul, { id: post.id }))).code).toBe('NOT_FOUND');
  });

  it('stores the body sanitised', async () => {
    const draft = await rpc.request(create, julien, communityPostDraft({
      body: '<p onmouseover="steal()">Bilan</p><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">lien</a><script>alert(1)</script>',
    }));
    expect(draft.body).toBe('<p>Bilan</p><a rel="noopener noreferrer nofollow">lien</a>');
    const rows: { body: string }[] = await db.query(`SELECT body FROM ${SCHEMA}.publication WHERE id = $1`, [draft.id]);
    expect(rows[0].body).toBe(draft.body);
  });

  describe('invalid drafts', () => {
    // Sent raw, past the client's own validation: the service must refuse them itself.
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['a note without addressee nor unit pour action', { ...diplomaticNoteDraft(), addressees: [], forAction: [] }, ['addressees', 'forAction']],
      ['a note without summary', { ...diplomaticNoteDraft(), summary: '' }, ['summary']],
      ['a letter without recipient', { ...formalLetterDraft(), recipient: undefined }, ['recipient']],
      ['a letter whose recipient has no address', { ...formalLetterDraft(), recipient: { name: 'M. Petrović', organisation: 'Ville de Novi Sad' } }, ['recipient.address']],
      ['a letter with an unknown recipient field', { ...formalLetterDraft(), recipient: { ...formalLetterDraft().recipient, phone: '+381 11 000' } }, ['recipient']],
      ['a post in no community', { ...communityPostDraft(), communities: [] }, ['communities']],
      ['a post pour action', { ...communityPostDraft(), forAction: ['meae-deur-balkans'] }, ['forAction']],
      ['a post with a telegram field', { ...communityPostDraft(), priority: 'flash' }, ['priority']],
      ['an unknown kind', { ...communityPostDraft(), kind: 'memo' }, ['kind']],
    ];

    it.each(cases)('refuses %s with VALIDATION_FAILED naming each field, and writes nothing', async (_what, data, fields) => {
      const before = await counts();
      const reply = (await rpc.raw(create.subject, { principal: julien, data })) as {
        ok: boolean;
        error: { code: string; message: string; details: { path: string; message: string }[] };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      for (const field of fields) {
        expect(JSON.stringify(reply.error.details)).toContain(field);
        expect(reply.error.message).toContain(field);
      }
      expect(await counts()).toEqual(before);
    });
  });
});
