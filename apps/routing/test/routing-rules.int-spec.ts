import { INestApplication } from '@nestjs/common';
import { JetStreamClient } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { AccessDescriptor, PublicationEvents, PublicationView, PublishedPublication, RoutingContracts, RoutingRuleInput } from '@diplomatie/contracts';
import {
  agentPrincipal, demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, telegramDraft, waitFor, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { Clock } from '../src/clock';
import { loadRoutingEnv } from '../src/config/routing.env';
import { RoutingRulesService } from '../src/rules/routing-rules.service';

class TestClock extends Clock {
  current = new Date('2026-03-12T10:00:00.000Z');
  now(): Date {
    return this.current;
  }
}

const encoder = new TextEncoder();
const { createRule, listRules, getRule, updateRule, deleteRule, explainRouting, toHandle, reassign } = RoutingContracts;

describe(RoutingRulesService.name, () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let js: JetStreamClient;
  const clock = new TestClock();

  const admin = agentPrincipal({ login: 'admin', displayName: 'Administrateur Diplomatie', units: ['meae'], roles: ['admin'] });
  const julien = demoPrincipals.julien();
  const claire = demoPrincipals.claire();
  const isabelle = agentPrincipal({ login: 'isabelle.fontaine', displayName: 'Isabelle Fontaine', units: ['meae-dgm-dde'] });
  const camille = agentPrincipal({ login: 'camille.roux', displayName: 'Camille Roux', units: ['amb-washington'] });

  function telegram(over: Partial<PublicationView> = {}): PublishedPublication {
    const d = telegramDraft();
    const publication: PublicationView = {
      id: uuidv7(), reference: null, kind: 'telegram', subject: d.subject, summary: d.summary, body: d.body, priority: d.priority, country: 'RS',
      topics: d.topics, communities: [], classification: 'internal', forAction: d.forAction, forInformation: [], emittingUnitId: d.emittingUnitId,
      authorId: julien.id, status: 'published', version: 1, openToPartners: false, createdAt: '2026-03-12T08:55:00.000Z',
      publishedAt: '2026-03-12T09:30:00.000Z', ...over,
    };
    const access: AccessDescriptor = {
      classification: publication.classification, status: 'published', authorId: julien.id,
      units: [...new Set([publication.emittingUnitId, ...publication.forAction, ...publication.forInformation])],
      communities: [], agents: [], ministries: [], partners: false,
    };
    return { publication, access };
  }

  /** Publishes through JetStream, then a sentinel after it: once the sentinel is routed, so is the telegram. */
  async function published(p: PublishedPublication): Promise<void> {
    const sentinel = telegram({ forAction: ['amb-zagreb'], topics: [], country: null });
    for (const item of [p, sentinel]) {
      const body = { id: uuidv7(), type: PublicationEvents.published.type, version: 1, occurredAt: new Date().toISOString(), actor: { kind: 'agent', id: julien.id }, tenant: 'diplomatie', data: item };
      await js.publish(`${env.namespace}.${PublicationEvents.published.subject}`, encoder.encode(JSON.stringify(body)), { msgID: uuidv7() });
    }
    await waitFor(async () => (await rpc.request(toHandle, servicePrincipal(), { limit: 100, unit: 'amb-zagreb' })).items.some((i) => i.publicationId === sentinel.publication.id), {
      what: 'the sentinel',
    });
  }

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));
  const energyRule: z.input<typeof RoutingRuleInput> = {
    name: 'Énergie dans les Balkans', match: { topics: ['energie'], countries: ['RS', 'HR'] }, forAction: ['meae-dgm-dde'], forInformation: ['minefi-tresor-europe'],
  };

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadRoutingEnv(vars), { clock })));
    js = rpc.connection.jetstream();
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  it('lets administrators only create, read, update and delete rules', async () => {
    const rule = await rpc.request(createRule, admin, energyRule);
    expect(rule).toEqual({
      id: expect.any(String), name: 'Énergie dans les Balkans', active: true, createdBy: admin.id,
      match: { kinds: [], topics: ['energie'], countries: ['RS', 'HR'], emittingUnits: [], priorities: [] },
      forAction: ['meae-dgm-dde'], forInformation: ['minefi-tresor-europe'], createdAt: clock.current.toISOString(), updatedAt: clock.current.toISOString(),
    });
    for (const call of [
      () => rpc.request(createRule, claire, { ...energyRule, name: 'Autre' }), () => rpc.request(listRules, claire, {}),
      () => rpc.request(getRule, claire, { id: rule.id }), () => rpc.request(updateRule, claire, { ...energyRule, id: rule.id }),
      () => rpc.request(deleteRule, claire, { id: rule.id }), () => rpc.request(listRules, demoPrincipals.sophie(), {}),
    ]) expect(await codeOf(call())).toBe('FORBIDDEN');

    expect(await codeOf(rpc.request(createRule, admin, energyRule))).toBe('CONFLICT'); // same name
    const invalid = await rpc.raw(createRule.subject, { principal: admin, data: { name: 'Vide', match: { countries: ['Serbie'] } } });
    expect(invalid).toMatchObject({
      ok: false, error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([{ path: 'match.countries.0', message: expect.any(String) }]) },
    });

    const temporary = await rpc.request(createRule, admin, { name: 'Temporaire', match: {}, forInformation: ['meae-com'] });
    clock.current = new Date('2026-03-12T10:05:00.000Z');
    const updated = await rpc.request(updateRule, admin, { id: temporary.id, name: 'Temporaire (inactive)', match: { kinds: ['post'] }, forInformation: ['meae-com'], active: false });
    expect(updated).toMatchObject({ name: 'Temporaire (inactive)', active: false, createdAt: temporary.createdAt, updatedAt: '2026-03-12T10:05:00.000Z' });
    expect(await rpc.request(getRule, admin, { id: temporary.id })).toEqual(updated);

    const first = await rpc.request(listRules, admin, { limit: 1 });
    expect(first.items.map((r) => r.id)).toEqual([rule.id]);
    const second = await rpc.request(listRules, admin, { limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second).toEqual({ items: [updated], nextCursor: null });

    expect(await rpc.request(deleteRule, admin, { id: temporary.id })).toEqual({ id: temporary.id });
    expect(await codeOf(rpc.request(getRule, admin, { id: temporary.id }))).toBe('NOT_FOUND');
    expect(await codeOf(rpc.request(deleteRule, admin, { id: temporary.id }))).toBe('NOT_FOUND');
    expect(await codeOf(rpc.request(updateRule, admin, { ...energyRule, id: temporary.id }))).toBe('NOT_FOUND');
  });

  it('adds the units of matching rules to the explicit addressees when a publication arrives, and explains each', async () => {
    await rpc.request(createRule, admin, { name: 'Inactive', match: {}, forAction: ['meae-com'], active: false });
    const p = telegram({ topics: ['serbie', 'energie'], forInformation: ['minefi-tresor-europe'] });
    await published(p);

    expect((await rpc.request(toHandle, isabelle, { limit: 100 })).items.map((i) => i.publicationId)).toContain(p.publication.id);
    expect((await rpc.request(toHandle, claire, { limit: 100 })).items.map((i) => i.publicationId)).toContain(p.publication.id);
    const explanation = await rpc.request(explainRouting, claire, { publicationId: p.publication.id });
    expect(explanation.entries.map((e) => [e.role, e.unitId, e.source, e.ruleName])).toEqual([
      ['action', 'meae-deur-balkans', 'addressing', null],
      ['action', 'meae-dgm-dde', 'rule', 'Énergie dans les Balkans'],
      ['information', 'minefi-tresor-europe', 'addressing', null],
      ['information', 'minefi-tresor-europe', 'rule', 'Énergie dans les Balkans'],
    ]);
    expect(explanation.entries.every((e) => e.assignmentId)).toBe(true);

    // A telegram the rule does not match gets its addressees only.
    const other = telegram({ topics: ['serbie'] });
    await published(other);
    expect((await rpc.request(explainRouting, claire, { publicationId: other.publication.id })).entries.map((e) => e.unitId)).toEqual(['meae-deur-balkans']);

    // A reassignment shows as its own reason.
    const assignment = (await rpc.request(toHandle, claire, { limit: 100 })).items.find((i) => i.publicationId === other.publication.id)?.assignment;
    await rpc.request(reassign, claire, { id: assignment?.id as string, unitId: 'amb-belgrade', reason: 'Compléments demandés au poste' });
    expect((await rpc.request(explainRouting, claire, { publicationId: other.publication.id })).entries.map((e) => [e.unitId, e.source])).toEqual([
      ['meae-deur-balkans', 'addressing'], ['amb-belgrade', 'reassignment'],
    ]);
  });

  it('answers 404 to an explanation the caller may not see', async () => {
    const restricted = telegram({ classification: 'restricted' });
    restricted.access.classification = 'restricted';
    await published(restricted);
    expect(await codeOf(rpc.request(explainRouting, camille, { publicationId: restricted.publication.id }))).toBe('NOT_FOUND');
    expect(await codeOf(rpc.request(explainRouting, claire, { publicationId: uuidv7() }))).toBe('NOT_FOUND');
    expect((await rpc.request(explainRouting, claire, { publicationId: restricted.publication.id })).entries).toHaveLength(1);
  });
});
