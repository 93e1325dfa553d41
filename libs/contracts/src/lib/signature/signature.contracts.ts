import { z } from 'zod';
import { AgentId, IsoDateTime, UnitId } from '../common';
import { defineEvent, defineRequest } from '../messages';

/**
 * Documents travel base64-encoded inside NATS messages (1 MB per message by default), so the
 * parapheur accepts documents up to 512 KiB until the GED streams attachments to it.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;

export const Base64Content = z
  .string()
  .min(1)
  .max(MAX_BASE64_CHARS, `at most ${MAX_DOCUMENT_BYTES} bytes once decoded`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 (standard alphabet, padded)');

export const StepKind = z.enum(['visa', 'signature']);
export type StepKind = z.infer<typeof StepKind>;
export const StageMode = z.enum(['all', 'any']);

/** Who must act on a step: a named agent, or whoever heads a unit when the step is reached. */
export const StepActor = z.union([
  z.strictObject({ agentId: AgentId }),
  z.strictObject({ unitId: UnitId, role: z.literal('head') }),
]);
export type StepActor = z.infer<typeof StepActor>;

export const StartCircuit = z.object({
  title: z.string().trim().min(1).max(300),
  /** The publication the document belongs to (a formal letter); the GED attachment link comes later. */
  publicationId: z.uuid().optional(),
  document: z.object({
    name: z.string().trim().min(1).max(255),
    mediaType: z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'a media type such as application/pdf').max(120),
    content: Base64Content,
  }),
  /** In order; every stage completes before the next starts. */
  stages: z
    .array(
      z.object({
        /** `all`: every step of the stage; `any`: the first one done completes the stage. */
        mode: StageMode.default('all'),
        steps: z.array(z.object({ kind: StepKind, actor: StepActor })).min(1).max(20),
      }),
    )
    .min(1)
    .max(20),
});
export type StartCircuit = z.input<typeof StartCircuit>;

export const CircuitStatus = z.enum(['in_progress', 'completed', 'rejected']);
export const StepStatus = z.enum(['waiting', 'pending', 'done', 'rejected', 'skipped', 'cancelled']);

export const Delegation = z.object({
  /** Who holds the step and delegated it. */
  from: AgentId,
  to: AgentId,
  until: IsoDateTime,
  at: IsoDateTime,
});

export const Step = z.object({
  id: z.uuid(),
  kind: StepKind,
  actor: StepActor,
  status: StepStatus,
  actedBy: AgentId.nullable(),
  /** Set when the step was done "par délégation de" this agent. */
  onBehalfOf: AgentId.nullable(),
  actedAt: IsoDateTime.nullable(),
  comment: z.string().nullable(),
  delegation: Delegation.nullable(),
  signatureId: z.uuid().nullable(),
});
export type Step = z.infer<typeof Step>;

export const Circuit = z.object({
  id: z.uuid(),
  title: z.string(),
  publicationId: z.uuid().nullable(),
  status: CircuitStatus,
  createdBy: AgentId,
  createdAt: IsoDateTime,
  /** Index of the stage in progress; null once the circuit is over. */
  currentStage: z.number().int().nullable(),
  document: z.object({
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    /** Hash of the PDF carrying every PAdES signature so far (PDF documents only). */
    signedSha256: z.string().nullable(),
  }),
  rejection: z.object({ stepId: z.uuid(), by: AgentId, comment: z.string(), at: IsoDateTime }).nullable(),
  stages: z.array(z.object({ index: z.number().int(), mode: StageMode, steps: z.array(Step) })),
});
export type Circuit = z.infer<typeof Circuit>;

const StepRef = z.object({ circuitId: z.uuid(), stepId: z.uuid() });
const Comment = z.string().trim().min(1).max(2000);

export const AuditEntry = z.object({
  seq: z.number().int(),
  action: z.string(),
  actorId: z.string(),
  at: IsoDateTime,
  data: z.record(z.string(), z.unknown()),
  /** SHA-256 (hex) of the previous entry; 64 zeros for the first. */
  prevHash: z.string(),
  /** SHA-256 (hex) over prevHash and this entry's canonical JSON. */
  hash: z.string(),
  /** The service key's RSA-SHA256 signature of `hash`, base64. */
  signature: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const Proof = z.object({
  circuitId: z.uuid(),
  /** Hash of the last entry and number of entries, as the circuit row records them. */
  head: z.string(),
  length: z.number().int(),
  entries: z.array(AuditEntry),
  serviceCertificate: z.string(),
  caCertificate: z.string(),
});
export type Proof = z.infer<typeof Proof>;

export const ProofVerification = z.object({
  valid: z.boolean(),
  problems: z.array(z.object({ seq: z.number().int().nullable(), problem: z.string() })),
});

export const SignatureCheck = z.object({
  signer: z.object({ commonName: z.string(), serialNumber: z.string(), agentId: z.string().nullable() }),
  /** The signing time the signer declared (signed attribute). */
  signingTime: IsoDateTime.nullable(),
  /** Subjects from the signer's certificate up to the root. */
  chain: z.array(z.string()),
  /** Whether the chain ends at this platform's CA. */
  trusted: z.boolean(),
  /** Whether the signed bytes hash to the signed digest and the signature matches the certificate. */
  integrity: z.boolean(),
  /** PDF: whether this signature covers the whole file (false = bytes were appended after it). */
  coversWholeDocument: z.boolean(),
  /** PDF: the reason written in the signature dictionary ("par délégation de …"). */
  reason: z.string().nullable(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

export const SignatureContracts = {
  status: defineRequest(
    'signature', 'parapheur.status', 1,
    'Whether the parapheur answers and how many circuits it holds.',
    z.object({}),
    z.object({ circuits: z.number().int() }),
  ),
  start: defineRequest(
    'signature', 'circuit.start', 1,
    'Start a visa and signature circuit on a document (stored by the parapheur with its SHA-256).',
    StartCircuit,
    Circuit,
  ),
  get: defineRequest(
    'signature', 'circuit.get', 1,
    'A circuit, visible to its creator and its steps\' actors (and their delegates); 404 for anyone else.',
    z.object({ id: z.uuid() }),
    Circuit,
  ),
  approve: defineRequest(
    'signature', 'circuit.step.approve', 1,
    'Give the visa of a pending visa step.',
    StepRef.extend({ comment: Comment.optional() }),
    Circuit,
  ),
  sign: defineRequest(
    'signature', 'circuit.step.sign', 1,
    'Sign a pending signature step: PAdES in the PDF, or a detached CMS signature for other files.',
    StepRef.extend({ comment: Comment.optional() }),
    Circuit,
  ),
  reject: defineRequest(
    'signature', 'circuit.step.reject', 1,
    'Reject a pending step with a mandatory comment: the circuit stops.',
    StepRef.extend({ comment: Comment }),
    Circuit,
  ),
  delegate: defineRequest(
    'signature', 'circuit.step.delegate', 1,
    'Delegate a pending step to another agent until a date: the delegate acts "par délégation de" the holder.',
    StepRef.extend({ toAgentId: AgentId, until: IsoDateTime, comment: Comment.optional() }),
    Circuit,
  ),
  comment: defineRequest(
    'signature', 'circuit.comment', 1,
    'Add a comment to a circuit without deciding anything: it goes into the trail.',
    z.object({ circuitId: z.uuid(), comment: Comment }),
    Circuit,
  ),
  document: defineRequest(
    'signature', 'circuit.document.get', 1,
    'The circuit\'s document: the original, or the PDF with every signature so far.',
    z.object({ id: z.uuid(), version: z.enum(['original', 'signed']).default('original') }),
    z.object({ name: z.string(), mediaType: z.string(), sha256: z.string(), content: z.string() }),
  ),
  signature: defineRequest(
    'signature', 'circuit.signature.get', 1,
    'One signature of a circuit: a detached CMS (.p7s) or the PAdES signature\'s CMS.',
    z.object({ circuitId: z.uuid(), signatureId: z.uuid() }),
    z.object({
      id: z.uuid(),
      stepId: z.uuid(),
      format: z.enum(['cms', 'pades']),
      signerId: AgentId,
      onBehalfOf: AgentId.nullable(),
      createdAt: IsoDateTime,
      mediaType: z.string(),
      content: z.string(),
    }),
  ),
  proof: defineRequest(
    'signature', 'circuit.proof.get', 1,
    'The circuit\'s audit trail: every action, chained by SHA-256 and signed by the service.',
    z.object({ id: z.uuid() }),
    Proof,
  ),
  verifyProof: defineRequest(
    'signature', 'circuit.proof.verify', 1,
    'Check the circuit\'s trail: a removed, altered or reordered entry is reported.',
    z.object({ id: z.uuid() }),
    ProofVerification,
  ),
  verify: defineRequest(
    'signature', 'signatures.verify', 1,
    'Verify a signed PDF, or a document and its detached CMS signature: signer, time, chain, integrity.',
    z.object({ content: Base64Content, signature: Base64Content.optional() }),
    z.object({ format: z.enum(['pades', 'cms']), signatures: z.array(SignatureCheck) }),
  ),
} as const;

/** Whoever must act next on a circuit: routing turns each into an à-traiter item. */
export const PendingActor = z.object({ stepId: z.uuid(), kind: StepKind, actor: StepActor, delegateId: AgentId.nullable() });

export const SignatureEvents = {
  circuitStarted: defineEvent(
    'signature', 'circuit.started', 1,
    'A circuit started; `pending` lists the steps of its first stage.',
    z.object({
      circuitId: z.uuid(),
      title: z.string(),
      publicationId: z.uuid().nullable(),
      createdBy: AgentId,
      documentSha256: z.string(),
      pending: z.array(PendingActor),
    }),
  ),
  stepCompleted: defineEvent(
    'signature', 'step.completed', 1,
    'A step was approved or signed; `pending` lists the steps now waiting (empty once the circuit is complete).',
    z.object({
      circuitId: z.uuid(),
      stepId: z.uuid(),
      kind: StepKind,
      actedBy: AgentId,
      onBehalfOf: AgentId.nullable(),
      pending: z.array(PendingActor),
    }),
  ),
  stepDelegated: defineEvent(
    'signature', 'step.delegated', 1,
    'A step was delegated until a date: the delegate may act on it "par délégation de" its holder.',
    z.object({
      circuitId: z.uuid(),
      stepId: z.uuid(),
      kind: StepKind,
      from: AgentId,
      to: AgentId,
      until: IsoDateTime,
      /** Whether the step is already waiting for someone (false: a later stage). */
      pending: z.boolean(),
    }),
  ),
  circuitCompleted: defineEvent(
    'signature', 'circuit.completed', 1,
    'Every stage completed; for a PDF, `signedSha256` is the hash of the signed document.',
    z.object({
      circuitId: z.uuid(),
      publicationId: z.uuid().nullable(),
      createdBy: AgentId,
      documentSha256: z.string(),
      signedSha256: z.string().nullable(),
    }),
  ),
  circuitRejected: defineEvent(
    'signature', 'circuit.rejected', 1,
    'A step was rejected with a comment: the circuit stopped and goes back to its author.',
    z.object({
      circuitId: z.uuid(),
      publicationId: z.uuid().nullable(),
      createdBy: AgentId,
      stepId: z.uuid(),
      rejectedBy: AgentId,
      comment: z.string(),
    }),
  ),
} as const;
