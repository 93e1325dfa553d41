import { AssignmentRole, Priority, PublicationView } from '@diplomatie/contracts';
import { z } from 'zod';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Time a unit has to handle a publication pour action, by priority. Why these values: they are
 * the handling times of the ministry's correspondence instruction (a flash is acted on within the
 * working session, an urgent one the same day, a priority one within the week, routine mail within
 * a fortnight of working days); a ministry with another rule changes this table, nothing else.
 */
export const HANDLING_TIME_MS: Readonly<Record<Priority, number>> = {
  flash: 2 * HOUR,
  urgent: 24 * HOUR,
  priority: 3 * DAY,
  routine: 10 * DAY,
};

/** À traiter lists the most pressing first: flash, urgent, priority, routine. */
export const PRIORITY_ORDER: readonly Priority[] = ['flash', 'urgent', 'priority', 'routine'];

export function priorityRank(priority: Priority): number {
  return PRIORITY_ORDER.indexOf(priority);
}

export function deadlineFor(priority: Priority, publishedAt: Date): Date {
  return new Date(publishedAt.getTime() + HANDLING_TIME_MS[priority]);
}

/** The workflow states in which an action assignment still waits for its unit. */
export const OPEN_STATES = ['received', 'acknowledged', 'in_progress'] as const;

export interface PlannedAssignment {
  unitId: string;
  role: z.infer<typeof AssignmentRole>;
  priorityRank: number;
  deadline: Date | null;
}

/**
 * One assignment per unit pour action (due by the priority's deadline) and per unit pour
 * information (no deadline); a unit listed twice in one role gets one assignment.
 */
export function planAssignments(publication: Pick<PublicationView, 'priority' | 'forAction' | 'forInformation'>, publishedAt: Date): PlannedAssignment[] {
  const rank = priorityRank(publication.priority);
  const deadline = deadlineFor(publication.priority, publishedAt);
  return [
    ...[...new Set(publication.forAction)].map((unitId) => ({ unitId, role: 'action' as const, priorityRank: rank, deadline })),
    ...[...new Set(publication.forInformation)].map((unitId) => ({ unitId, role: 'information' as const, priorityRank: rank, deadline: null })),
  ];
}

/** Why an item is in the caller's centres d'intérêt, most personal first: topics, communities, units pour information. */
export function interestReasons(
  item: { topics: readonly string[]; communities: readonly string[]; informationUnits: readonly string[] },
  follows: { topics: readonly string[]; communities: readonly string[] },
): string[] {
  return [
    ...item.topics.filter((t) => follows.topics.includes(t)).map((t) => `topic:${t}`),
    ...item.communities.filter((c) => follows.communities.includes(c)).map((c) => `community:${c}`),
    ...item.informationUnits.map((u) => `information:${u}`),
  ];
}
