import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { accessScope, canRead, matrixDocuments, matrixPrincipals } from '@diplomatie/auth';
import { accessColumnsDdl, accessPredicate } from './access-sql';

/**
 * The SQL form of the policy must select exactly what `canRead` allows, for every principal of
 * the access matrix, inside a real PostgreSQL query (arrays, casts, NULL handling included).
 */
describe('accessPredicate', () => {
  const schema = `access_sql_${randomBytes(4).toString('hex')}`;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.doc (name text PRIMARY KEY, ${accessColumnsDdl})`);
    for (const [name, d] of Object.entries(matrixDocuments)) {
      await db.query(
        `INSERT INTO ${schema}.doc (name, classification, status, author_id, access_units, access_communities, access_agents, access_ministries, partners)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [name, d.classification, d.status, d.authorId, d.units, d.communities, d.agents, d.ministries, d.partners],
      );
    }
  });
  afterAll(async () => {
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.end();
  });

  it.each(Object.keys(matrixPrincipals))('selects for %s exactly the documents canRead allows', async (who) => {
    const principal = matrixPrincipals[who];
    const params: unknown[] = [];
    const where = accessPredicate(accessScope(principal), 'd', params);
    const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${schema}.doc d WHERE ${where} ORDER BY name`, params);
    const expected = Object.entries(matrixDocuments).filter(([, d]) => canRead(principal, d)).map(([n]) => n).sort();
    expect(rows.map((r) => r.name)).toEqual(expected);
  });
});
