import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RoutingExplanation, RoutingRule } from '@diplomatie/contracts';
import { RoutingDecision } from './routing-rule.match';

interface RuleRow {
  id: string;
  name: string;
  kinds: RoutingRule['match']['kinds'];
  topics: string[];
  countries: string[];
  emitting_units: string[];
  priorities: RoutingRule['match']['priorities'];
  for_action: string[];
  for_information: string[];
  active: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  created_key?: string;
}

/** Rule rows, plus the sort key of the list as PostgreSQL prints it (exact, for cursors). */
export type RuleKey = [createdAt: string, id: string];

@Injectable()
export class RoutingRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(rule: RoutingRule): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO routing.routing_rule (id, name, kinds, topics, countries, emitting_units, priorities, for_action, for_information, active,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [rule.id, ...columnsOf(rule), rule.createdBy, rule.createdAt, rule.updatedAt],
    );
  }

  /** Replaces a rule's fields; null when there is no such rule. */
  async update(rule: RoutingRule): Promise<RoutingRule | null> {
    const [rows]: [RuleRow[], number] = await this.dataSource.query(
      `UPDATE routing.routing_rule SET name = $2, kinds = $3, topics = $4, countries = $5, emitting_units = $6, priorities = $7,
              for_action = $8, for_information = $9, active = $10, updated_at = $11
        WHERE id = $1 RETURNING *`,
      [rule.id, ...columnsOf(rule), rule.updatedAt],
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(`DELETE FROM routing.routing_rule WHERE id = $1`, [id]);
    return affected > 0;
  }

  async get(id: string): Promise<RoutingRule | null> {
    const rows: RuleRow[] = await this.dataSource.query(`SELECT * FROM routing.routing_rule WHERE id = $1`, [id]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  async list(after: RuleKey | undefined, limit: number): Promise<{ rule: RoutingRule; key: RuleKey }[]> {
    const params: unknown[] = [limit];
    let where = '';
    if (after) {
      params.push(...after);
      where = `WHERE (created_at, id) > ($2::timestamptz, $3::uuid)`;
    }
    const rows: RuleRow[] = await this.dataSource.query(
      `SELECT *, to_json(created_at) #>> '{}' AS created_key FROM routing.routing_rule ${where} ORDER BY created_at, id LIMIT $1`,
      params,
    );
    return rows.map((r) => ({ rule: toRule(r), key: [r.created_key as string, r.id] }));
  }

  /** The rules in force, read in the consumer's transaction. */
  async active(tx: EntityManager): Promise<RoutingRule[]> {
    const rows: RuleRow[] = await tx.query(`SELECT * FROM routing.routing_rule WHERE active ORDER BY created_at, id`);
    return rows.map(toRule);
  }

  async recordDecisions(tx: EntityManager, publicationId: string, decisions: RoutingDecision[], at: Date): Promise<void> {
    for (const d of decisions) {
      await tx.query(
        `INSERT INTO routing.routing_decision (publication_id, unit_id, role, source, rule_id, rule_name, source_key, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [publicationId, d.unitId, d.role, d.source, d.ruleId, d.ruleName, d.ruleId ? `rule:${d.ruleId}` : d.source, at],
      );
    }
  }

  /** Every reason a unit holds the publication, with the assignment it holds; reassignments come from the chain. */
  async explanation(publicationId: string): Promise<RoutingExplanation['entries']> {
    return this.dataSource.query(
      `SELECT unit_id AS "unitId", role, source, rule_id AS "ruleId", rule_name AS "ruleName", assignment_id AS "assignmentId" FROM (
         SELECT d.unit_id, d.role, d.source, d.rule_id, d.rule_name, a.id AS assignment_id, d.decided_at AS at, 0 AS rank
           FROM routing.routing_decision d
           LEFT JOIN routing.assignment a ON a.publication_id = d.publication_id AND a.unit_id = d.unit_id AND a.role = d.role
          WHERE d.publication_id = $1
         UNION ALL
         SELECT a.unit_id, a.role, 'reassignment', NULL, NULL, a.id, a.created_at, 1
           FROM routing.assignment a WHERE a.publication_id = $1 AND a.previous_assignment_id IS NOT NULL
       ) e
       ORDER BY rank, at, CASE role WHEN 'action' THEN 0 ELSE 1 END, CASE source WHEN 'addressing' THEN 0 ELSE 1 END, rule_name, unit_id`,
      [publicationId],
    );
  }
}

function columnsOf(r: RoutingRule): unknown[] {
  return [r.name, r.match.kinds, r.match.topics, r.match.countries, r.match.emittingUnits, r.match.priorities, r.forAction, r.forInformation, r.active];
}

function toRule(r: RuleRow): RoutingRule {
  return {
    id: r.id,
    name: r.name,
    match: { kinds: r.kinds, topics: r.topics, countries: r.countries, emittingUnits: r.emitting_units, priorities: r.priorities },
    forAction: r.for_action,
    forInformation: r.for_information,
    active: r.active,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
