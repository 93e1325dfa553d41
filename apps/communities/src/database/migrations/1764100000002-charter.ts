import { MigrationInterface, QueryRunner } from 'typeorm';

const firstCharter = `Charte de sécurité des partenaires de la plateforme Diplomatie

1. Les contenus auxquels vous accédez vous sont ouverts à titre professionnel ; vous ne les diffusez qu'au sein de votre organisation, dans le respect de leur mention de diffusion.
2. Vous protégez vos moyens d'authentification et signalez sans délai toute perte ou compromission.
3. Vous ne tentez pas d'accéder à des contenus qui ne vous sont pas ouverts.
4. Chacun de vos accès aux contenus est journalisé.
5. Tout manquement entraîne la suspension de votre accès.`;

export class Charter1764100000002 implements MigrationInterface {
  name = 'Charter1764100000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE communities.charter (
      version int PRIMARY KEY CHECK (version > 0),
      title text NOT NULL,
      text text NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      published_by text
    )`);
    await runner.query(`INSERT INTO communities.charter (version, title, text, published_by) VALUES (1, $1, $2, 'migration')`,
      ['Charte de sécurité des partenaires', firstCharter]);
    // The version an account accepted: a new version of the charter calls for a new acceptance.
    await runner.query(`ALTER TABLE communities.agent ADD COLUMN charter_version_accepted int REFERENCES communities.charter (version)`);
    await runner.query(`UPDATE communities.agent SET charter_version_accepted = 1 WHERE charter_accepted_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE communities.agent DROP COLUMN charter_version_accepted`);
    await runner.query(`DROP TABLE communities.charter`);
  }
}
