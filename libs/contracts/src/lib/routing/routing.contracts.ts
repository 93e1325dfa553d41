import { z } from 'zod';
import { AgentId, Classification, IsoDateTime, PageRequest, pageOf, TopicId, UnitId } from '../common';
import { Actor } from '../principal';
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

/** The latest escalation of an overdue assignment: to the unit's head (1), then the parent unit's head (2). */
export const Escalation = z.object({
  level: z.number().int().min(1).max(2),
  /** The unit whose heads it was escalated to. */
  unitId: UnitId,
  at: IsoDateTime,
});

export const ToHandleItem = JournalPublication.extend({
  assignment: Assignment,
  /** Open and past its deadline (by the service's clock). */
  overdue: z.boolean(),
  escalation: Escalation.nullable(),
  /** Whether the caller has not marked the publication read yet. */
  unread: z.boolean(),
});
export type ToHandleItem = z.infer<typeof ToHandleItem>;
export const InterestItem = JournalPublication.extend({
  /** Why it is in the journal: a unit pour information, a followed topic or community. */
  reasons: z.array(z.string()),
  /** Whether the caller has not marked the publication read yet. */
  unread: z.boolean(),
});
export type InterestItem = z.infer<typeof InterestItem>;

/** One step of an assignment's history: who moved it, when, from which state to which. */
export const AssignmentTransition = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  /** Null for the creation of the assignment. */
  from: AssignmentState.nullable(),
  to: AssignmentState,
  actor: Actor,
  at: IsoDateTime,
  /** Why it was reassigned (mandatory for a reassignment, null otherwise). */
  reason: z.string().nullable(),
  assigneeId: AgentId.nullable(),
  answerPublicationId: z.uuid().nullable(),
  /** For a reassignment: the fresh assignment of the receiving unit. */
  nextAssignmentId: z.uuid().nullable(),
});
export type AssignmentTransition = z.infer<typeof AssignmentTransition>;

/** An assignment with its workflow history and the reassignment chain it belongs to. */
export const AssignmentDetail = Assignment.extend({
  /** The assignment this one was reassigned from, if any. */
  previousAssignmentId: z.uuid().nullable(),
  /** The reply publication given when the assignment was completed. */
  answerPublicationId: z.uuid().nullable(),
  /** Every transition of this assignment, oldest first (creation included). */
  history: z.array(AssignmentTransition),
  /** The reassignment chain from the first unit to the last, this assignment included. */
  chain: z.array(Assignment),
});
export type AssignmentDetail = z.infer<typeof AssignmentDetail>;

const AssignmentRef = z.object({ id: z.uuid() });
const AssigneeChoice = z.object({
  /** An agent of the assigned unit who takes it in hand. */
  assigneeId: AgentId.optional(),
});
export const AcknowledgeAssignment = AssignmentRef.extend(AssigneeChoice.shape);
export const StartAssignment = AssignmentRef.extend(AssigneeChoice.shape);
export const CompleteAssignment = AssignmentRef.extend({
  /** The reply publication, when the handling produced one. */
  answerPublicationId: z.uuid().optional(),
});
export const ReassignAssignment = AssignmentRef.extend({
  /** The unit that should handle it instead. */
  unitId: UnitId,
  reason: z.string().trim().min(1, 'a reassignment needs a reason').max(2000),
  /** An agent of the receiving unit to take it in hand. */
  assigneeId: AgentId.optional(),
});

export const AssignmentStateChanged = AssignmentTransition.extend({ assignment: Assignment });
export type AssignmentStateChanged = z.infer<typeof AssignmentStateChanged>;

/** A query-string boolean: `true`/`false` over HTTP, a boolean over NATS. */
const QueryFlag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Narrows à traiter; every filter is optional and they combine. */
export const ToHandleFilters = z.object({
  /** Only the assignments of this unit (one the caller belongs to or oversees). */
  unit: UnitId.optional(),
  kind: PublicationKind.optional(),
});
export const ToHandleRequest = PageRequest.extend(ToHandleFilters.shape).extend({
  /** Only assignments in this state (closed ones included); by default the open ones. */
  state: AssignmentState.optional(),
  /** Only open assignments past their deadline. */
  overdue: QueryFlag.optional(),
  /** Only assignments escalated for being overdue. */
  escalated: QueryFlag.optional(),
});

export const ToHandleCounts = z.object({
  /** Action assignments per state, for every state. */
  byState: z.record(AssignmentState, z.number().int().min(0)),
  /** Open ones past their deadline. */
  overdue: z.number().int().min(0),
  /** Open ones the caller has not marked read. */
  unread: z.number().int().min(0),
});
export type ToHandleCounts = z.infer<typeof ToHandleCounts>;

export const MarkRead = z.object({ publicationId: z.uuid() });
export const ReadMark = z.object({ publicationId: z.uuid(), readAt: IsoDateTime });

/** What a routing rule matches; an empty list matches anything, a non-empty one any of its values; all criteria must hold. */
export const RoutingRuleMatch = z.object({
  kinds: z.array(PublicationKind).max(10).default([]),
  /** Any of the publication's topics. */
  topics: z.array(TopicId).max(50).default([]),
  /** ISO 3166-1 alpha-2 codes of the country the publication is about. */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as RS')).max(50).default([]),
  emittingUnits: z.array(UnitId).max(50).default([]),
  priorities: z.array(Priority).max(4).default([]),
});
const RoutingRuleFields = z.object({
  name: z.string().trim().min(1).max(200),
  match: RoutingRuleMatch,
  /** Units that get the matching publications pour action. */
  forAction: z.array(UnitId).max(50).default([]),
  /** Units that get them pour information. */
  forInformation: z.array(UnitId).max(50).default([]),
  active: z.boolean().default(true),
});
const atLeastOneUnit = (rule: { forAction: string[]; forInformation: string[] }, ctx: z.RefinementCtx) => {
  if (rule.forAction.length + rule.forInformation.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['forAction'], message: 'a rule routes to at least one unit, pour action or pour information' });
  }
};
export const RoutingRuleInput = RoutingRuleFields.superRefine(atLeastOneUnit);
export const RoutingRule = RoutingRuleFields.extend({
  id: z.uuid(),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type RoutingRule = z.infer<typeof RoutingRule>;

/** Why a unit holds a publication in a role: its addressing, a routing rule, or a reassignment. */
export const RoutingExplanationEntry = z.object({
  unitId: UnitId,
  role: AssignmentRole,
  source: z.enum(['addressing', 'rule', 'reassignment']),
  ruleId: z.uuid().nullable(),
  ruleName: z.string().nullable(),
  /** The assignment the unit holds (the fresh one, for a reassignment). */
  assignmentId: z.uuid().nullable(),
});
export const RoutingExplanation = z.object({ publicationId: z.uuid(), entries: z.array(RoutingExplanationEntry) });
export type RoutingExplanation = z.infer<typeof RoutingExplanation>;

export const RoutingContracts = {
  toHandle: defineRequest(
    'routing', 'journal.to_handle', 1,
    'Open pour-action assignments of the caller\'s units (and units they oversee), by priority then deadline.',
    ToHandleRequest,
    pageOf(ToHandleItem),
  ),
  toHandleCounts: defineRequest(
    'routing', 'journal.to_handle_counts', 1,
    'How many of the caller\'s pour-action assignments are in each state, overdue, and unread.',
    ToHandleFilters,
    ToHandleCounts,
  ),
  markRead: defineRequest(
    'routing', 'journal.mark_read', 1,
    'Marks a publication of the journal read by the caller (its unread flag goes); 404 if they cannot see it.',
    MarkRead,
    ReadMark,
  ),
  interests: defineRequest(
    'routing', 'journal.interests', 1,
    'Publications on the caller\'s topics and communities and pour-information items, newest first.',
    PageRequest,
    pageOf(InterestItem),
  ),
  getAssignment: defineRequest(
    'routing', 'assignment.get', 1,
    'One assignment with its history and reassignment chain (404 if the caller cannot see the publication).',
    AssignmentRef,
    AssignmentDetail,
  ),
  acknowledge: defineRequest(
    'routing', 'assignment.acknowledge', 1,
    'received → acknowledged, optionally naming the agent who takes it.',
    AcknowledgeAssignment,
    AssignmentDetail,
  ),
  start: defineRequest(
    'routing', 'assignment.start', 1,
    'acknowledged → in_progress, optionally naming the agent who handles it.',
    StartAssignment,
    AssignmentDetail,
  ),
  complete: defineRequest(
    'routing', 'assignment.complete', 1,
    'in_progress → done, optionally linking the reply publication.',
    CompleteAssignment,
    AssignmentDetail,
  ),
  reassign: defineRequest(
    'routing', 'assignment.reassign', 1,
    'An open assignment → reassigned, with a reason; the receiving unit gets a fresh received assignment linked to it.',
    ReassignAssignment,
    AssignmentDetail,
  ),
  createRule: defineRequest(
    'routing', 'rule.create', 1, 'Creates a routing rule (administrators only); it applies to publications published from then on.',
    RoutingRuleInput, RoutingRule,
  ),
  listRules: defineRequest('routing', 'rule.list', 1, 'Routing rules, oldest first (administrators only).', PageRequest, pageOf(RoutingRule)),
  getRule: defineRequest('routing', 'rule.get', 1, 'One routing rule (administrators only).', z.object({ id: z.uuid() }), RoutingRule),
  updateRule: defineRequest(
    'routing', 'rule.update', 1, 'Replaces a routing rule (administrators only).',
    RoutingRuleFields.extend({ id: z.uuid() }).superRefine(atLeastOneUnit), RoutingRule,
  ),
  deleteRule: defineRequest('routing', 'rule.delete', 1, 'Deletes a routing rule (administrators only).', z.object({ id: z.uuid() }), z.object({ id: z.uuid() })),
  explainRouting: defineRequest(
    'routing', 'publication.routing', 1,
    'Which addressing, rule or reassignment gave which unit which role on a publication (404 if the caller cannot see it).',
    z.object({ publicationId: z.uuid() }), RoutingExplanation,
  ),
} as const;

export const RoutingEvents = {
  assignmentCreated: defineEvent('routing', 'assignment.created', 1, 'A unit was assigned a publication pour action or pour information.', Assignment),
  assignmentOverdue: defineEvent(
    'routing', 'assignment.overdue', 1, 'An open pour-action assignment passed its deadline (announced once).', Assignment.extend({ overdueAt: IsoDateTime }),
  ),
  assignmentEscalated: defineEvent(
    'routing', 'assignment.escalated', 1, 'An overdue assignment was escalated to a unit\'s heads: level 1 its own unit, level 2 the parent unit (each once).',
    Escalation.extend({ assignment: Assignment, headIds: z.array(AgentId) }),
  ),
  assignmentStateChanged: defineEvent(
    'routing', 'assignment.state_changed', 1, 'A pour-action assignment moved in its workflow (acknowledged, in progress, done, reassigned).', AssignmentStateChanged,
  ),
} as const;
