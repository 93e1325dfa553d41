import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One step of an assignment's workflow, never updated: the history a head or an auditor reads. */
@Entity({ name: 'assignment_transition' })
export class AssignmentTransitionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId!: string;
  @Column('text', { name: 'from_state', nullable: true }) fromState!: string | null;
  @Column('text', { name: 'to_state' }) toState!: string;
  @Column('text', { name: 'actor_kind' }) actorKind!: string;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('uuid', { name: 'answer_publication_id', nullable: true }) answerPublicationId!: string | null;
  @Column('uuid', { name: 'next_assignment_id', nullable: true }) nextAssignmentId!: string | null;
}

/** An agent marked a publication read: the journal's unread flags. */
@Entity({ name: 'read_mark' })
export class ReadMarkEntity {
  @PrimaryColumn('uuid', { name: 'agent_id' }) agentId!: string;
  @PrimaryColumn('uuid', { name: 'publication_id' }) publicationId!: string;
  @Column('timestamptz', { name: 'read_at' }) readAt!: Date;
}
