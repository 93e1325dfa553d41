import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface CharterRow {
  version: number;
  title: string;
  text: string;
  publishedAt: string;
}

const charterColumns = `version, title, text, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"`;

@Injectable()
export class CharterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  current(): Promise<CharterRow | undefined> {
    return currentCharter(this.dataSource.manager);
  }

  async acceptedVersion(agentId: string): Promise<number | null> {
    const rows: { v: number | null }[] = await this.dataSource.query(`SELECT charter_version_accepted AS v FROM communities.agent WHERE id = $1`, [agentId]);
    return rows[0]?.v ?? null;
  }

  /** Records the acceptance if `version` is still the current one; false otherwise. */
  async accept(agentId: string, version: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count].
      `WITH accepted AS (
         UPDATE communities.agent SET charter_version_accepted = $2, charter_accepted_at = now(), updated_at = now()
          WHERE id = $1 AND $2 = (SELECT max(version) FROM communities.charter)
         RETURNING id)
       SELECT id FROM accepted`,
      [agentId, version],
    );
    return rows.length === 1;
  }

  /** The next version; concurrent publications are serialised by the table lock. */
  publish(title: string, text: string, by: string): Promise<CharterRow> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE communities.charter IN SHARE ROW EXCLUSIVE MODE`);
      await manager.query(
        `INSERT INTO communities.charter (version, title, text, published_by)
         SELECT COALESCE(max(version), 0) + 1, $1, $2, $3 FROM communities.charter`,
        [title, text, by],
      );
      const charter = await currentCharter(manager);
      if (!charter) throw new Error('the charter just published is missing');
      return charter;
    });
  }
}

async function currentCharter(manager: EntityManager): Promise<CharterRow | undefined> {
  const rows: CharterRow[] = await manager.query(`SELECT ${charterColumns} FROM communities.charter ORDER BY version DESC LIMIT 1`);
  return rows[0];
}
