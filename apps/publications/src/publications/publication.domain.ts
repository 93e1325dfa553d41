import {
  AccessDescriptor, AgentPrincipal, Classification, CreatePublication, Priority, PublicationKind, PublicationStatus,
  PublicationView,
} from '@diplomatie/contracts';
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
  emittingUnitId: string;
  authorId: string;
  status: PublicationStatus;
  version: number;
  openToPartners: boolean;
  createdAt: Date;
  publishedAt: Date | null;
}

/**
 * What the access policy needs to know of a publication: the emitting unit and the addressed
 * units, its communities, its author; partners only ever for `public` content.
 */
export function accessDescriptorOf(p: Publication): AccessDescriptor {
  return {
    classification: p.classification,
    status: p.status,
    authorId: p.authorId,
    units: unique([p.emittingUnitId, ...p.forAction, ...p.forInformation]),
    communities: unique(p.communities),
    agents: [p.authorId],
    ministries: [],
    partners: p.classification === 'public' && p.openToPartners,
  };
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
    subject: input.subject,
    summary: input.summary,
    body: input.body,
    priority: input.priority,
    country: input.country ?? null,
    topics: unique(input.topics),
    communities: unique(input.communities),
    classification: input.classification,
    forAction: unique(input.forAction),
    forInformation: unique(input.forInformation),
    emittingUnitId: resolveEmittingUnit(author, input.emittingUnitId),
    authorId: author.id,
    status: 'draft',
    version: 1,
    openToPartners: input.classification === 'public' && input.openToPartners,
    createdAt: now,
    publishedAt: null,
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
    createdAt: p.createdAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
