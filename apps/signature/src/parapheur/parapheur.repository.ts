import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StepActor } from '@diplomatie/contracts';
import { ChainedEntry } from '../trail/audit-chain';
import { DelegationRecord, StepRecord, StepStatus } from './circuit.rules';

export type Tx = EntityManager;

export interface Rejection {
  stepId: string;
  by: string;
  comment: string;
  at: string;
}

export interface CircuitRecord {
  id: string;
  title: string;
  publicationId: string | null;
  status: 'in_progress' | 'completed' | 'rejected';
  createdBy: string;
  createdAt: Date;
  currentStage: number | null;
  documentName: string;
  mediaType: string;
  size: number;
  documentSha256: string;
  signedSha256: string | null;
  rejection: Rejection | null;
  trailHead: string;
  trailLength: number;
}

export interface NewCircuit extends Omit<CircuitRecord, 'size' | 'signedSha256' | 'rejection' | 'createdAt'> {
  document: Buffer;
  createdAt: Date;
}

export interface SignatureRecord {
  id: string;
  circuitId: string;
  stepId: string;
  format: 'cms' | 'pades';
  signerId: string;
  onBehalfOf: string | null;
  certificateSerial: string;
  cms: Buffer;
  createdAt: Date;
}

const CIRCUIT_COLUMNS = `id, title, publication_id, status, created_by, created_at, current_stage, document_name, media_type,
  octet_length(document) AS size, document_sha256, signed_sha256, rejection, trail_head, trail_length`;

interface CircuitRow {
  id: string;
  title: string;
  publication_id: string | null;
  status: CircuitRecord['status'];
  created_by: string;
  created_at: Date;
  current_stage: number | null;
  document_name: string;
  media_type: string;
  size: number;
  document_sha256: string;
  signed_sha256: string | null;
  rejection: Rejection | null;
  trail_head: string;
  trail_length: number;
}

interface StepRow {
  id: string;
  stage: number;
  position: number;
  mode: StepRecord['mode'];
  kind: StepRecord['kind'];
  agent_id: string | null;
  unit_id: string | null;
  status: StepStatus;
  acted_by: string | null;
  on_behalf_of: string | null;
  acted_at: Date | null;
  comment: string | null;
  delegation: DelegationRecord | null;
  signature_id: string | null;
}

const toCircuit = (r: CircuitRow): CircuitRecord => ({
  id: r.id, title: r.title, publicationId: r.publication_id, status: r.status, createdBy: r.created_by, createdAt: r.created_at,
  currentStage: r.current_stage, documentName: r.document_name, mediaType: r.media_type, size: Number(r.size),
  documentSha256: r.document_sha256, signedSha256: r.signed_sha256, rejection: r.rejection, trailHead: r.trail_head, trailLength: r.trail_length,
});

const toStep = (r: StepRow): StepRecord => ({
  id: r.id, stage: r.stage, position: r.position, mode: r.mode, kind: r.kind,
  actor: (r.agent_id ? { agentId: r.agent_id } : { unitId: r.unit_id ?? '', role: 'head' }) as StepActor,
  status: r.status, actedBy: r.acted_by, onBehalfOf: r.on_behalf_of, actedAt: r.acted_at, comment: r.comment,
  delegation: r.delegation, signatureId: r.signature_id,
});

@Injectable()
export class ParapheurRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM signature.circuit`);
    return row.n;
  }

  async insertCircuit(tx: Tx, c: NewCircuit, steps: Array<Omit<StepRecord, 'actedBy' | 'onBehalfOf' | 'actedAt' | 'comment' | 'delegation' | 'signatureId'>>): Promise<void> {
    await tx.query(
      `INSERT INTO signature.circuit (id, title, publication_id, status, created_by, created_at, updated_at, current_stage, document_name,
         media_type, document, document_sha256, trail_head, trail_length)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [c.id, c.title, c.publicationId, c.status, c.createdBy, c.createdAt, c.currentStage, c.documentName, c.mediaType, c.document,
        c.documentSha256, c.trailHead, c.trailLength],
    );
    for (const s of steps) {
      await tx.query(
        `INSERT INTO signature.step (id, circuit_id, stage, position, mode, kind, agent_id, unit_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [s.id, c.id, s.stage, s.position, s.mode, s.kind, 'agentId' in s.actor ? s.actor.agentId : null,
          'unitId' in s.actor ? s.actor.unitId : null, s.status],
      );
    }
  }

  /** Locks the circuit row: every action on a circuit runs one at a time, so a step is acted on once. */
  async lockCircuit(tx: Tx, id: string): Promise<CircuitRecord | null> {
    const rows: CircuitRow[] = await tx.query(`SELECT ${CIRCUIT_COLUMNS} FROM signature.circuit WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toCircuit(rows[0]) : null;
  }

  async findCircuit(id: string, tx: Tx = this.dataSource.manager): Promise<CircuitRecord | null> {
    const rows: CircuitRow[] = await tx.query(`SELECT ${CIRCUIT_COLUMNS} FROM signature.circuit WHERE id = $1`, [id]);
    return rows[0] ? toCircuit(rows[0]) : null;
  }

  async steps(id: string, tx: Tx = this.dataSource.manager): Promise<StepRecord[]> {
    const rows: StepRow[] = await tx.query(
      `SELECT id, stage, position, mode, kind, agent_id, unit_id, status, acted_by, on_behalf_of, acted_at, comment, delegation, signature_id
       FROM signature.step WHERE circuit_id = $1 ORDER BY stage, position`,
      [id],
    );
    return rows.map(toStep);
  }

  async documents(id: string, tx: Tx = this.dataSource.manager): Promise<{ original: Buffer; signed: Buffer | null } | null> {
    const [row] = await tx.query(`SELECT document, signed_document FROM signature.circuit WHERE id = $1`, [id]);
    return row ? { original: row.document, signed: row.signed_document } : null;
  }

  async updateStep(tx: Tx, step: StepRecord): Promise<void> {
    await tx.query(
      `UPDATE signature.step SET status = $2, acted_by = $3, on_behalf_of = $4, acted_at = $5, comment = $6, delegation = $7, signature_id = $8
       WHERE id = $1`,
      [step.id, step.status, step.actedBy, step.onBehalfOf, step.actedAt, step.comment, step.delegation, step.signatureId],
    );
  }

  async setStepStatus(tx: Tx, ids: string[], status: StepStatus): Promise<void> {
    if (ids.length) await tx.query(`UPDATE signature.step SET status = $2 WHERE id = ANY($1)`, [ids, status]);
  }

  async updateCircuit(tx: Tx, c: CircuitRecord, signedDocument?: Buffer): Promise<void> {
    await tx.query(
      `UPDATE signature.circuit SET status = $2, current_stage = $3, rejection = $4, trail_head = $5, trail_length = $6, updated_at = now(),
         signed_document = COALESCE($7, signed_document), signed_sha256 = COALESCE($8, signed_sha256)
       WHERE id = $1`,
      [c.id, c.status, c.currentStage, c.rejection, c.trailHead, c.trailLength, signedDocument ?? null, signedDocument ? c.signedSha256 : null],
    );
  }

  async insertSignature(tx: Tx, s: SignatureRecord): Promise<void> {
    await tx.query(
      `INSERT INTO signature.signature (id, circuit_id, step_id, format, signer_id, on_behalf_of, certificate_serial, cms, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.circuitId, s.stepId, s.format, s.signerId, s.onBehalfOf, s.certificateSerial, s.cms, s.createdAt],
    );
  }

  async findSignature(circuitId: string, id: string): Promise<SignatureRecord | null> {
    const [r] = await this.dataSource.query(
      `SELECT id, circuit_id, step_id, format, signer_id, on_behalf_of, certificate_serial, cms, created_at
       FROM signature.signature WHERE circuit_id = $1 AND id = $2`,
      [circuitId, id],
    );
    return r
      ? { id: r.id, circuitId: r.circuit_id, stepId: r.step_id, format: r.format, signerId: r.signer_id, onBehalfOf: r.on_behalf_of,
          certificateSerial: r.certificate_serial, cms: r.cms, createdAt: r.created_at }
      : null;
  }

  async insertAuditEntry(tx: Tx, circuitId: string, e: ChainedEntry): Promise<void> {
    await tx.query(
      `INSERT INTO signature.audit_entry (circuit_id, seq, action, actor_id, at, data, prev_hash, hash, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [circuitId, e.seq, e.action, e.actorId, e.at, e.data, e.prevHash, e.hash, e.signature],
    );
  }

  /** The trail in storage order (by sequence number), as a verifier reads it. */
  async auditTrail(circuitId: string): Promise<ChainedEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT seq, action, actor_id, at, data, prev_hash, hash, signature FROM signature.audit_entry WHERE circuit_id = $1 ORDER BY seq`,
      [circuitId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      seq: r['seq'] as number, action: r['action'] as string, actorId: r['actor_id'] as string, at: r['at'] as string,
      data: r['data'] as Record<string, unknown>, prevHash: r['prev_hash'] as string, hash: r['hash'] as string, signature: r['signature'] as string,
    }));
  }
}
