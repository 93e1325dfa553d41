import { Assignment } from '@diplomatie/contracts';

/** An `assignment` row as the repositories select it (raw SQL, snake_case). */
export interface AssignmentRow {
  id: string;
  publication_id: string;
  unit_id: string;
  role: Assignment['role'];
  state: Assignment['state'];
  assignee_id: string | null;
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The contract's view of an assignment row: one mapping for every repository. */
export function toAssignment(r: AssignmentRow): Assignment {
  return {
    id: r.id,
    publicationId: r.publication_id,
    unitId: r.unit_id,
    role: r.role,
    state: r.state,
    assigneeId: r.assignee_id,
    deadline: r.deadline ? r.deadline.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
