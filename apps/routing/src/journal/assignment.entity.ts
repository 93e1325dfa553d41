import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One (publication, unit, role): the unit's duty pour action, or its copy pour information. */
@Entity({ name: 'assignment' })
export class AssignmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'publication_id' }) publicationId!: string;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text') role!: string;
  @Column('text') state!: string;
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  /** Copied from the publication's priority so that the à-traiter order is served by one index. */
  @Column('smallint', { name: 'priority_rank' }) priorityRank!: number;
  @Column('timestamptz', { nullable: true }) deadline!: Date | null;
  /** The assignment this one was reassigned from. */
  @Column('uuid', { name: 'previous_assignment_id', nullable: true }) previousAssignmentId!: string | null;
  @Column('uuid', { name: 'answer_publication_id', nullable: true }) answerPublicationId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
