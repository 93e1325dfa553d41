import {
  AccessDescriptor, AgentPrincipal, Classification, CreatePublication, ExternalRecipient, Priority, PublicationKind,
  PublicationStatus, PublicationView, Principal,
} from '@diplomatie/contracts';
import { canRead } from '@diplomatie/auth';
import { sanitiseBody } from './body-sanitiser';
import { PublicationError } from './publications.exception';

/** A publication as this service's rules see it (the stored row minus its derived access columns). */
export interface Publication {
  id: string;
  reference: string | null;
  kind: PublicationKind;
  subject: string;
  summary: string;
  body: string;
  priority: Priority;
  country: string | null;
  topics: string[];
  communities: string[];
  classification: Classification;
  forAction: string[];
  forInformation: string[];
  /** diplomatic_note: the addressee units; empty for the other kinds. */
  addressees: string[];
  /** formal_letter only. */
  recipient: ExternalRecipient | null;
  ourReference: string | null;
  theirReference: string | null;
  signatureRequired: boolean;
  emittingUnitId: string;
  authorId: string;
  status: PublicationStatus;
  version: number;
  openToPartners: boolean;
  createdAt: Date;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}

/**
 * What the access policy needs to know of a publication: the emitting unit and the addressed
 * units, its communities, its author; partners only ever for `public` content.
 */
/**
 * The publication if the caller may see it; NOT_FOUND otherwise — the same answer as for one that
 * does not exist, on every path (read, edit, publish, comments, audience, versions).
 */
export function visibleTo(principal: Principal, publication: Publication | null | undefined): Publication {
  if (!publication || !canRead(principal, accessDescriptorOf(publication))) throw PublicationError.notFound();
  return publication;
}

export function accessDescriptorOf(p: Publication): AccessDescriptor {
  return {
    classification: p.classification,
    status: p.status,
    authorId: p.authorId,
    units: addressedUnitsOf(p, true),
    communities: unique(p.communities),
    agents: [p.authorId],
    ministries: [],
    partners: p.classification === 'public' && p.openToPartners,
  };
}

/**
 * The units a publication is addressed to: pour action, pour information and a note's addressees
 * (and, for access, the emitting unit too). The database's access CHECK repeats this list.
 */
export function addressedUnitsOf(p: Pick<Publication, 'emittingUnitId' | 'forAction' | 'forInformation' | 'addressees'>, withEmitter = false): string[] {
  return unique([...(withEmitter ? [p.emittingUnitId] : []), ...p.forAction, ...p.forInformation, ...p.addressees]);
}

/** The units an agent may emit from: those they belong to, then those they head. */
export function emittingUnitsOf(agent: AgentPrincipal): string[] {
  return unique([...agent.units, ...agent.headOf]);
}

/** The requested emitting unit, or the author's first one; an agent emits only for their own units. */
export function resolveEmittingUnit(agent: AgentPrincipal, requested: string | undefined): string {
  const own = emittingUnitsOf(agent);
  const unit = requested ?? own[0];
  if (!unit) throw PublicationError.noUnit();
  if (!own.includes(unit)) throw PublicationError.notYourUnit(unit, own);
  return unit;
}

/** A new draft of `author`: no reference until it is published. */
export function newDraft(author: AgentPrincipal, input: CreatePublication, id: string, now: Date): Publication {
  return {
    id,
    reference: null,
    kind: input.kind,
    ...contentOf(input),
    emittingUnitId: resolveEmittingUnit(author, input.emittingUnitId),
    authorId: author.id,
    status: 'draft',
    version: 1,
    createdAt: now,
    publishedAt: null,
    withdrawnAt: null,
    withdrawalReason: null,
  };
}

type Content = Pick<Publication, EditableField>;

/** What the author wrote, per kind, normalised: de-duplicated lists, sanitised body, partners only for public content. */
function contentOf(input: CreatePublication): Content {
  return {
    subject: input.subject,
    summary: input.summary,
    body: sanitiseBody(input.body),
    priority: input.kind === 'telegram' ? input.priority : 'routine',
    country: input.kind === 'telegram' ? (input.country ?? null) : null,
    topics: unique(input.topics),
    communities: unique(input.communities),
    classification: input.classification,
    forAction: unique(input.forAction),
    forInformation: unique(input.forInformation),
    addressees: input.kind === 'diplomatic_note' ? unique(input.addressees) : [],
    recipient: input.kind === 'formal_letter' ? input.recipient : null,
    ourReference: input.kind === 'formal_letter' ? (input.ourReference ?? null) : null,
    theirReference: input.kind === 'formal_letter' ? (input.theirReference ?? null) : null,
    signatureRequired: input.kind === 'formal_letter' && input.signatureRequired,
    openToPartners: input.classification === 'public' && input.openToPartners,
  };
}

/** The published state of a draft, with its allocated reference. */
export function publishDraft(draft: Publication, reference: string, at: Date): Publication {
  return { ...draft, status: 'published', reference, publishedAt: at };
}

/** `AMB-BELGRADE-2026-000042`: emitting unit, year, sequence number within that unit and year. */
export function formatReference(emittingUnitId: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`a reference number starts at 1, got ${sequence}`);
  return `${emittingUnitId.toUpperCase()}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The calendar year of `at` in `timeZone`: a telegram sent at 00:30 in Paris on 1 January belongs to the new year. */
export function referenceYear(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

export function toView(p: Publication): PublicationView {
  return {
    id: p.id,
    reference: p.reference,
    kind: p.kind,
    subject: p.subject,
    summary: p.summary,
    body: p.body,
    priority: p.priority,
    country: p.country,
    topics: p.topics,
    communities: p.communities,
    classification: p.classification,
    forAction: p.forAction,
    forInformation: p.forInformation,
    emittingUnitId: p.emittingUnitId,
    authorId: p.authorId,
    status: p.status,
    version: p.version,
    openToPartners: p.openToPartners,
    addressees: p.addressees,
    recipient: p.recipient,
    ourReference: p.ourReference,
    theirReference: p.theirReference,
    signatureRequired: p.signatureRequired,
    createdAt: p.createdAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
    withdrawalReason: p.withdrawalReason,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The fields an edit may change, in the order the history lists them. */
export const EDITABLE_FIELDS = [
  'subject', 'summary', 'body', 'topics', 'communities', 'classification', 'forAction', 'forInformation', 'openToPartners',
  'priority', 'country', 'addressees', 'recipient', 'ourReference', 'theirReference', 'signatureRequired',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** The publication as the create request of its kind would say it: what an edit is applied to, then validated as. */
export function draftInputOf(p: Publication): Record<string, unknown> {
  const common = {
    kind: p.kind, subject: p.subject, summary: p.summary, body: p.body, topics: p.topics, communities: p.communities,
    classification: p.classification, forInformation: p.forInformation, emittingUnitId: p.emittingUnitId, openToPartners: p.openToPartners,
  };
  switch (p.kind) {
    case 'telegram':
      return { ...common, priority: p.priority, forAction: p.forAction, ...(p.country ? { country: p.country } : {}) };
    case 'diplomatic_note':
      return { ...common, addressees: p.addressees, forAction: p.forAction };
    case 'formal_letter':
      return {
        ...common, recipient: p.recipient, forAction: p.forAction, signatureRequired: p.signatureRequired,
        ...(p.ourReference ? { ourReference: p.ourReference } : {}), ...(p.theirReference ? { theirReference: p.theirReference } : {}),
      };
    case 'post':
      return { ...common, forAction: p.forAction };
  }
}

/** The publication with its content replaced by `input` (already validated for its kind); identity, status and numbering stay. */
export function applyEdit(p: Publication, input: CreatePublication): Publication {
  return { ...p, ...contentOf(input) };
}

/** Which editable fields differ between two states of a publication. */
export function changedFields(before: Publication, after: Publication): EditableField[] {
  return EDITABLE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** The withdrawn state: the record stays, its reference and history too. */
export function withdrawPublication(p: Publication, reason: string | null, at: Date): Publication {
  return { ...p, status: 'withdrawn', withdrawnAt: at, withdrawalReason: reason };
}
