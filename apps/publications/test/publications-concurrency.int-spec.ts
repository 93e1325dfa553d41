import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationContracts } from '@diplomatie/contracts';
import {
  demoPrincipals, RpcTestClient, ServiceTestEnv, telegramDraft, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadPublicationsEnv } from '../src/config/publications.env';
import { referenceYear } from '../src/publications/publication.domain';

const { create, publish } = PublicationContracts;

// A fresh database: Belgrade's numbering for the year starts at 1 here.
describe('publications service under concurrent publishing', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadPublicationsEnv(vars))));
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  it('numbers 20 telegrams of one post published at once 1 to 20, without gap or repeat', async () => {
    const julien = demoPrincipals.julien();
    const helene = { ...demoPrincipals.julien(), login: 'helene.rousseau', displayName: 'Hélène Rousseau', headOf: ['amb-belgrade'] };
    const drafts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const author = i % 2 ? julien : helene;
        return rpc.request(create, author, telegramDraft({ subject: `Serbie — revue de presse du jour, édition ${i + 1}` })).then((d) => ({ d, author }));
      }),
    );

    const started = performance.now();
    const published = await Promise.all(drafts.map(({ d, author }) => rpc.request(publish, author, { id: d.id })));
    const elapsed = performance.now() - started;

    const year = referenceYear(new Date(), 'Europe/Paris');
    const references = published.map((p) => p.reference ?? '').sort();
    expect(references).toEqual(Array.from({ length: 20 }, (_, i) => `AMB-BELGRADE-${year}-${String(i + 1).padStart(6, '0')}`));

    const db = app.get(DataSource);
    expect(await db.query(`SELECT emitting_unit_id, year, last_value FROM ${SCHEMA}.reference_counter`)).toEqual([
      { emitting_unit_id: 'amb-belgrade', year, last_value: 20 },
    ]);
    const events: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
    expect(events[0].n).toBe(20);
    process.stdout.write(`20 concurrent publishes in ${Math.round(elapsed)} ms\n`);
  });
});
