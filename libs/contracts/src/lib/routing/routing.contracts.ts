import { z } from 'zod';
import { AgentId, Classification, IsoDateTime, PageRequest, pageOf, UnitId } from '../common';
import { defineEvent, defineRequest } from '../messages';
import { Priority, PublicationKind } from '../publications/publications.contracts';

export const AssignmentRole = z.enum(['action', 'information']);
export const AssignmentState = z.enum(['received', 'acknowledged', 'in_progress', 'done', 'reassigned']);

export const Assignment = z.object({
  id: z.uuid(),
  publicationId: z.uuid(),
  unitId: UnitId,
  role: AssignmentRole,
  state: AssignmentState,
  assigneeId: AgentId.nullable(),
  /** When a pour-action assignment is due (from the publication's priority); null pour information. */
  deadline: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  /** Last workflow change (acknowledged, started, done, reassigned). */
  updatedAt: IsoDateTime,
});
export type Assignment = z.infer<typeof Assignment>;

/** What a journal line shows of the publication, without fetching it back. */
export const JournalPublication = z.object({
  publicationId: z.uuid(),
  reference: z.string().nullable(),
  kind: PublicationKind,
  subject: z.string(),
  summary: z.string(),
  priority: Priority,
  classification: Classification,
  emittingUnitId: UnitId,
  authorId: AgentId,
  publishedAt: IsoDateTime,
});

export const ToHandleItem = JournalPublication.extend({ assignment: Assignment });
export type ToHandleItem = z.infer<typeof ToHandleItem>;
export const InterestItem = JournalPublication.extend({
  /** Why it is in the journal: a unit pour information, a followed topic or community. */
  reasons: z.array(z.string()),
});
export type InterestItem = z.infer<typeof InterestItem>;

export const RoutingContracts = {
  toHandle: defineRequest(
    'routing', 'journal.to_handle', 1,
    'Open pour-action assignments of the caller\'s units (and units they oversee), by priority then deadline.',
    PageRequest.extend({ state: AssignmentState.optional() }),
    pageOf(ToHandleItem),
  ),
  interests: defineRequest(
    'routing', 'journal.interests', 1,
    'Publications on the caller\'s topics and communities and pour-information items, newest first.',
    PageRequest,
    pageOf(InterestItem),
  ),
} as const;

export const RoutingEvents = {
  assignmentCreated: defineEvent('routing', 'assignment.created', 1, 'A unit was assigned a publication pour action or pour information.', Assignment),
} as const;
