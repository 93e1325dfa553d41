import { createHash, randomUUID, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import forge from 'node-forge';
import {
  Actor, actorOf, AgentPrincipal, AppError, Circuit, MAX_DOCUMENT_BYTES, ParsedRequestOf, Principal, PendingActor, Proof, SignatureCheck,
  SignatureContracts, SignatureEvents,
} from '@diplomatie/contracts';
import { RpcContext, Outbox } from '@diplomatie/messaging';
import { z } from 'zod';
import { attributeOf, certificateToPem, SERIAL_NUMBER_OID } from '../crypto/certificates';
import { chainOf, chainsTo, CmsCheck, signDetached, subjectOf, verifyDetached } from '../crypto/cms';
import { KeyStore } from '../crypto/key-store';
import { assertSignablePdf, isPdf, signPdf, verifyPdf, PdfSignatureCheck } from '../crypto/pades';
import { chainEntry, GENESIS_HASH, verifyTrail } from '../trail/audit-chain';
import { actingAs, canSee, expectedAction, holds, progressAfter, StepRecord } from './circuit.rules';
import { ParapheurError } from './parapheur.exception';
import { CircuitRecord, ParapheurRepository, Tx } from './parapheur.repository';

type StepAction = 'approve' | 'sign' | 'reject' | 'delegate';
type StepRequest = ParsedRequestOf<typeof SignatureContracts.approve> & Partial<ParsedRequestOf<typeof SignatureContracts.delegate>>;
type PendingActor = z.infer<typeof PendingActor>;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The parapheur's rules: circuits of stages and steps, signatures, and the trail of every action. */
@Injectable()
export class ParapheurService {
  constructor(
    private readonly repository: ParapheurRepository,
    private readonly keyStore: KeyStore,
    private readonly outbox: Outbox,
  ) {}

  async status(): Promise<{ circuits: number }> {
    return { circuits: await this.repository.count() };
  }

  async start(principal: Principal, input: ParsedRequestOf<typeof SignatureContracts.start>, ctx: RpcContext): Promise<Circuit> {
    const agent = requireAgent(principal);
    const document = Buffer.from(input.document.content, 'base64');
    if (document.length > MAX_DOCUMENT_BYTES) throw ParapheurError.invalid('document.content', `at most ${MAX_DOCUMENT_BYTES} bytes`);
    if (input.document.mediaType === 'application/pdf') {
      if (!isPdf(document)) throw ParapheurError.invalid('document.content', 'not a PDF (no %PDF- header)');
      try {
        assertSignablePdf(document);
      } catch (error) {
        throw ParapheurError.invalid('document.content', `this PDF cannot be signed incrementally (${(error as Error).message}); save it with a classic cross-reference table`);
      }
    }
    const now = new Date();
    const id = randomUUID();
    const steps = input.stages.flatMap((stage, index) =>
      stage.steps.map((s, position) => ({
        id: randomUUID(), stage: index, position, mode: stage.mode, kind: s.kind, actor: s.actor,
        status: (index === 0 ? 'pending' : 'waiting') as StepRecord['status'],
      })),
    );
    const circuit: CircuitRecord = {
      id, title: input.title, publicationId: input.publicationId ?? null, status: 'in_progress', createdBy: agent.id, createdAt: now,
      currentStage: 0, documentName: input.document.name, mediaType: input.document.mediaType, size: document.length,
      documentSha256: sha256(document), signedSha256: null, rejection: null, trailHead: GENESIS_HASH, trailLength: 0,
    };
    await this.repository.transaction(async (tx) => {
      await this.repository.insertCircuit(tx, { ...circuit, document }, steps);
      await this.audit(tx, circuit, 'circuit.started', agent.id, now, {
        title: circuit.title, publicationId: circuit.publicationId, document: { name: circuit.documentName, sha256: circuit.documentSha256, size: document.length },
        stages: input.stages.map((s, i) => ({ mode: s.mode, steps: steps.filter((x) => x.stage === i).map((x) => ({ id: x.id, kind: x.kind, actor: x.actor })) })),
      });
      await this.repository.updateCircuit(tx, circuit);
      await this.outbox.enqueue(tx, SignatureEvents.circuitStarted, {
        circuitId: id, title: circuit.title, publicationId: circuit.publicationId, createdBy: agent.id, documentSha256: circuit.documentSha256,
        pending: pendingOf(await this.repository.steps(id, tx), now),
      }, actorOf(agent), { requestId: ctx.requestId });
    });
    return this.get(principal, { id });
  }

  async get(principal: Principal, { id }: { id: string }): Promise<Circuit> {
    const { circuit, steps } = await this.visible(principal, id);
    return viewOf(circuit, steps);
  }

  /** Approve, sign, reject or delegate a step; the circuit row is locked for the whole action. */
  async act(principal: Principal, action: StepAction, input: StepRequest, ctx: RpcContext): Promise<Circuit> {
    const now = new Date();
    await this.repository.transaction(async (tx) => {
      const circuit = await this.repository.lockCircuit(tx, input.circuitId);
      const steps = circuit ? await this.repository.steps(circuit.id, tx) : [];
      if (!circuit || !canSee(principal, circuit.createdBy, steps)) throw ParapheurError.circuitNotFound();
      const step = steps.find((s) => s.id === input.stepId);
      if (!step) throw ParapheurError.stepNotFound();
      const agent = requireAgent(principal);
      if (action === 'delegate') {
        if (!holds(agent, step)) throw ParapheurError.notTheHolder();
      } else if (!actingAs(agent, step, now)) {
        throw ParapheurError.notTheActor();
      }
      if (circuit.status !== 'in_progress') throw ParapheurError.circuitOver(circuit.status);
      const onBehalfOf = actingAs(agent, step, now)?.onBehalfOf ?? null;
      const context = { tx, circuit, steps, step, agent, now, onBehalfOf, actor: actorOf(agent), requestId: ctx.requestId };
      switch (action) {
        case 'delegate':
          return this.delegate(context, input);
        case 'reject':
          return this.reject(context, input.comment ?? '');
        default:
          return this.complete(context, action, input.comment ?? null);
      }
    });
    return this.get(principal, { id: input.circuitId });
  }

  /** Anyone who sees the circuit may comment, whatever its state: the comment is a trail entry. */
  async comment(principal: Principal, input: ParsedRequestOf<typeof SignatureContracts.comment>): Promise<Circuit> {
    const agent = requireAgent(principal);
    await this.repository.transaction(async (tx) => {
      const circuit = await this.repository.lockCircuit(tx, input.circuitId);
      const steps = circuit ? await this.repository.steps(circuit.id, tx) : [];
      if (!circuit || !canSee(principal, circuit.createdBy, steps)) throw ParapheurError.circuitNotFound();
      await this.audit(tx, circuit, 'circuit.commented', agent.id, new Date(), { comment: input.comment });
      await this.repository.updateCircuit(tx, circuit);
    });
    return this.get(principal, { id: input.circuitId });
  }

  private async delegate(c: ActionContext, input: StepRequest): Promise<void> {
    const { toAgentId, until } = input;
    if (!toAgentId || !until) throw ParapheurError.invalid('toAgentId', 'required');
    if (!['pending', 'waiting'].includes(c.step.status)) throw ParapheurError.stepNotPending(c.step.status);
    if (toAgentId === c.agent.id) throw ParapheurError.invalid('toAgentId', 'a delegation goes to another agent');
    if (new Date(until) <= c.now) throw ParapheurError.invalid('until', 'must be in the future');
    c.step.delegation = { from: c.agent.id, fromName: c.agent.displayName, to: toAgentId, until, at: c.now.toISOString() };
    await this.repository.updateStep(c.tx, c.step);
    await this.audit(c.tx, c.circuit, 'step.delegated', c.agent.id, c.now, {
      stepId: c.step.id, to: toAgentId, until, comment: input.comment ?? null,
    });
    await this.repository.updateCircuit(c.tx, c.circuit);
    await this.outbox.enqueue(c.tx, SignatureEvents.stepDelegated, {
      circuitId: c.circuit.id, stepId: c.step.id, kind: c.step.kind, from: c.agent.id, to: toAgentId, until, pending: c.step.status === 'pending',
    }, c.actor, { requestId: c.requestId });
  }

  private async reject(c: ActionContext, comment: string): Promise<void> {
    if (c.step.status !== 'pending') throw ParapheurError.stepNotPending(c.step.status);
    const onBehalfOf = c.onBehalfOf;
    Object.assign(c.step, { status: 'rejected', actedBy: c.agent.id, onBehalfOf, actedAt: c.now, comment });
    await this.repository.updateStep(c.tx, c.step);
    await this.repository.setStepStatus(c.tx, c.steps.filter((s) => s.status === 'pending' || s.status === 'waiting').map((s) => s.id), 'cancelled');
    c.circuit.status = 'rejected';
    c.circuit.currentStage = null;
    c.circuit.rejection = { stepId: c.step.id, by: c.agent.id, comment, at: c.now.toISOString() };
    await this.audit(c.tx, c.circuit, 'step.rejected', c.agent.id, c.now, { stepId: c.step.id, onBehalfOf, comment });
    await this.repository.updateCircuit(c.tx, c.circuit);
    await this.outbox.enqueue(c.tx, SignatureEvents.circuitRejected, {
      circuitId: c.circuit.id, publicationId: c.circuit.publicationId, createdBy: c.circuit.createdBy, stepId: c.step.id,
      rejectedBy: c.agent.id, comment,
    }, c.actor, { requestId: c.requestId });
  }

  private async complete(c: ActionContext, action: 'approve' | 'sign', comment: string | null): Promise<void> {
    if (c.step.status !== 'pending') throw ParapheurError.stepNotPending(c.step.status);
    if (expectedAction(c.step.kind) !== action) throw ParapheurError.wrongAction(c.step.kind, expectedAction(c.step.kind));
    const onBehalfOf = c.onBehalfOf;
    Object.assign(c.step, { status: 'done', actedBy: c.agent.id, onBehalfOf, actedAt: c.now, comment });
    let signedDocument: Buffer | undefined;
    const auditData: Record<string, unknown> = { stepId: c.step.id, onBehalfOf, comment };
    if (action === 'sign') {
      const signed = await this.signStep(c, onBehalfOf);
      signedDocument = signed.signedDocument;
      Object.assign(auditData, signed.audit);
    }
    await this.repository.updateStep(c.tx, c.step);
    const progress = progressAfter(c.steps, c.step.stage);
    await this.repository.setStepStatus(c.tx, progress.skip, 'skipped');
    await this.repository.setStepStatus(c.tx, progress.activate, 'pending');
    for (const s of c.steps) {
      if (progress.skip.includes(s.id)) s.status = 'skipped';
      if (progress.activate.includes(s.id)) s.status = 'pending';
    }
    c.circuit.currentStage = progress.currentStage;
    await this.audit(c.tx, c.circuit, action === 'sign' ? 'step.signed' : 'step.approved', c.agent.id, c.now, auditData);
    if (progress.completed) {
      c.circuit.status = 'completed';
      await this.audit(c.tx, c.circuit, 'circuit.completed', c.agent.id, c.now, {
        documentSha256: c.circuit.documentSha256, signedSha256: c.circuit.signedSha256,
      });
    }
    await this.repository.updateCircuit(c.tx, c.circuit, signedDocument);
    await this.outbox.enqueue(c.tx, SignatureEvents.stepCompleted, {
      circuitId: c.circuit.id, stepId: c.step.id, kind: c.step.kind, actedBy: c.agent.id, onBehalfOf, pending: pendingOf(c.steps, c.now),
    }, c.actor, { requestId: c.requestId });
    if (progress.completed) {
      await this.outbox.enqueue(c.tx, SignatureEvents.circuitCompleted, {
        circuitId: c.circuit.id, publicationId: c.circuit.publicationId, createdBy: c.circuit.createdBy,
        documentSha256: c.circuit.documentSha256, signedSha256: c.circuit.signedSha256,
      }, c.actor, { requestId: c.requestId });
    }
  }

  /** PDF: a PAdES signature appended to the latest signed version; any other file: a detached CMS of the original. */
  private async signStep(c: ActionContext, onBehalfOf: string | null) {
    const identity = await this.keyStore.identityOf({ id: c.agent.id, displayName: c.agent.displayName });
    const documents = await this.repository.documents(c.circuit.id, c.tx);
    if (!documents) throw ParapheurError.circuitNotFound();
    const reason = onBehalfOf
      ? `Signé par ${c.agent.displayName}, par délégation de ${c.step.delegation?.fromName ?? onBehalfOf}`
      : `Signé par ${c.agent.displayName}`;
    const signatureId = randomUUID();
    let cms: Buffer;
    let signedDocument: Buffer | undefined;
    const format = c.circuit.mediaType === 'application/pdf' ? 'pades' : 'cms';
    if (format === 'pades') {
      const result = await signPdf(documents.signed ?? documents.original, { identity, name: c.agent.displayName, reason, signingTime: c.now });
      cms = result.cms;
      signedDocument = result.pdf;
      c.circuit.signedSha256 = sha256(result.pdf);
    } else {
      cms = signDetached(documents.original, identity, c.now);
    }
    await this.repository.insertSignature(c.tx, {
      id: signatureId, circuitId: c.circuit.id, stepId: c.step.id, format, signerId: c.agent.id, onBehalfOf,
      certificateSerial: identity.certificate.serialNumber, cms, createdAt: c.now,
    });
    c.step.signatureId = signatureId;
    return {
      signedDocument,
      audit: {
        signatureId, format, reason, certificate: { serialNumber: identity.certificate.serialNumber, subject: subjectOf(identity.certificate) },
        signatureSha256: sha256(cms), signedSha256: format === 'pades' ? c.circuit.signedSha256 : c.circuit.documentSha256,
      },
    };
  }

  async document(principal: Principal, input: ParsedRequestOf<typeof SignatureContracts.document>) {
    const { circuit } = await this.visible(principal, input.id);
    const documents = await this.repository.documents(circuit.id);
    if (!documents) throw ParapheurError.circuitNotFound();
    const content = input.version === 'signed' ? documents.signed ?? documents.original : documents.original;
    return { name: circuit.documentName, mediaType: circuit.mediaType, sha256: sha256(content), content: content.toString('base64') };
  }

  async signature(principal: Principal, input: ParsedRequestOf<typeof SignatureContracts.signature>) {
    await this.visible(principal, input.circuitId);
    const s = await this.repository.findSignature(input.circuitId, input.signatureId);
    if (!s) throw ParapheurError.signatureNotFound();
    return {
      id: s.id, stepId: s.stepId, format: s.format, signerId: s.signerId, onBehalfOf: s.onBehalfOf, createdAt: s.createdAt.toISOString(),
      mediaType: 'application/pkcs7-signature', content: s.cms.toString('base64'),
    };
  }

  async proof(principal: Principal, { id }: { id: string }): Promise<Proof> {
    const { circuit } = await this.visible(principal, id);
    const service = await this.keyStore.serviceIdentity();
    return {
      circuitId: circuit.id, head: circuit.trailHead, length: circuit.trailLength, entries: await this.repository.auditTrail(circuit.id),
      serviceCertificate: certificateToPem(service.certificate), caCertificate: certificateToPem(await this.keyStore.caCertificate()),
    };
  }

  async verifyProof(principal: Principal, { id }: { id: string }) {
    const { circuit } = await this.visible(principal, id);
    const entries = await this.repository.auditTrail(circuit.id);
    const publicKey = forge.pki.publicKeyToPem((await this.keyStore.serviceIdentity()).certificate.publicKey);
    const problems = verifyTrail(entries, { hash: circuit.trailHead, length: circuit.trailLength }, (hash, signature) =>
      rsaVerify('sha256', Buffer.from(hash, 'hex'), publicKey, Buffer.from(signature, 'base64')),
    );
    return { valid: problems.length === 0, problems };
  }

  /** Any signed document, whoever made it: our CA decides only whether the chain is `trusted`. */
  async verify(_principal: Principal, input: ParsedRequestOf<typeof SignatureContracts.verify>) {
    const content = Buffer.from(input.content, 'base64');
    const ca = await this.keyStore.caCertificate();
    let format: 'pades' | 'cms';
    let checks: Array<CmsCheck & Partial<PdfSignatureCheck>>;
    try {
      if (input.signature) {
        format = 'cms';
        checks = verifyDetached(content, Buffer.from(input.signature, 'base64'));
      } else if (isPdf(content)) {
        format = 'pades';
        checks = verifyPdf(content);
      } else {
        throw ParapheurError.invalid('signature', 'required unless the document is a signed PDF');
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw ParapheurError.invalid(input.signature ? 'signature' : 'content', `unreadable signature: ${(error as Error).message}`);
    }
    return { format, signatures: checks.map((check) => describe(check, ca)) };
  }

  private async visible(principal: Principal, id: string) {
    const circuit = await this.repository.findCircuit(id);
    const steps = circuit ? await this.repository.steps(id) : [];
    if (!circuit || !canSee(principal, circuit.createdBy, steps)) throw ParapheurError.circuitNotFound();
    return { circuit, steps };
  }

  /** Appends an entry to the circuit's trail, linked to its head and signed by the service key. */
  private async audit(tx: Tx, circuit: CircuitRecord, action: string, actorId: string, at: Date, data: Record<string, unknown>): Promise<void> {
    const service = await this.keyStore.serviceIdentity();
    const keyPem = forge.pki.privateKeyToPem(service.privateKey);
    const entry = chainEntry(circuit.trailHead, { seq: circuit.trailLength + 1, action, actorId, at: at.toISOString(), data: jsonSafe(data) }, (hash) =>
      rsaSign('sha256', Buffer.from(hash, 'hex'), keyPem).toString('base64'),
    );
    await this.repository.insertAuditEntry(tx, circuit.id, entry);
    circuit.trailHead = entry.hash;
    circuit.trailLength = entry.seq;
  }
}

interface ActionContext {
  tx: Tx;
  circuit: CircuitRecord;
  steps: StepRecord[];
  step: StepRecord;
  agent: AgentPrincipal;
  now: Date;
  /** The holder the agent acts for under a delegation; null when acting in their own name. */
  onBehalfOf: string | null;
  actor: Actor;
  requestId: string;
}

function requireAgent(principal: Principal): AgentPrincipal {
  if (principal.kind !== 'agent') throw ParapheurError.notAnAgent();
  return principal;
}

/** What the trail stores is what JSONB gives back: no undefined, no Date objects. */
function jsonSafe(data: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data));
}

function pendingOf(steps: readonly StepRecord[], now: Date): PendingActor[] {
  return steps
    .filter((s) => s.status === 'pending')
    .map((s) => ({
      stepId: s.id, kind: s.kind, actor: s.actor,
      delegateId: s.delegation && new Date(s.delegation.until) > now ? s.delegation.to : null,
    }));
}

function describe(check: CmsCheck & Partial<PdfSignatureCheck>, ca: forge.pki.Certificate): SignatureCheck {
  const cert = check.certificate;
  return {
    signer: {
      commonName: cert ? attributeOf(cert, 'CN') ?? '' : '',
      serialNumber: cert?.serialNumber ?? '',
      agentId: cert ? attributeOf(cert, { type: SERIAL_NUMBER_OID }) : null,
    },
    signingTime: check.signingTime?.toISOString() ?? null,
    chain: cert ? chainOf(cert, check.certificates).map(subjectOf) : [],
    trusted: cert ? chainsTo(cert, check.certificates, ca) : false,
    integrity: check.integrity,
    coversWholeDocument: check.coversWholeDocument ?? check.integrity,
    reason: check.reason ?? null,
  };
}

function viewOf(c: CircuitRecord, steps: StepRecord[]): Circuit {
  const stages = [...new Set(steps.map((s) => s.stage))].sort((a, b) => a - b);
  return {
    id: c.id, title: c.title, publicationId: c.publicationId, status: c.status, createdBy: c.createdBy, createdAt: c.createdAt.toISOString(),
    currentStage: c.status === 'in_progress' ? c.currentStage : null,
    document: { name: c.documentName, mediaType: c.mediaType, size: c.size, sha256: c.documentSha256, signedSha256: c.signedSha256 },
    rejection: c.rejection,
    stages: stages.map((index) => {
      const inStage = steps.filter((s) => s.stage === index);
      return {
        index, mode: inStage[0].mode,
        steps: inStage.map((s) => ({
          id: s.id, kind: s.kind, actor: s.actor, status: s.status, actedBy: s.actedBy, onBehalfOf: s.onBehalfOf,
          actedAt: s.actedAt ? new Date(s.actedAt).toISOString() : null, comment: s.comment,
          delegation: s.delegation ? { from: s.delegation.from, to: s.delegation.to, until: s.delegation.until, at: s.delegation.at } : null,
          signatureId: s.signatureId,
        })),
      };
    }),
  };
}
