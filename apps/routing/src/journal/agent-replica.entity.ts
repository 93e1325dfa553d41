import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who belongs to and heads which unit, from `directory.agent_changed` (escalation, live updates). */
@Entity({ name: 'agent_replica' })
export class AgentReplicaEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') login!: string;
  @Column('text') kind!: string;
  @Column('boolean') active!: boolean;
  @Column('text', { array: true }) units!: string[];
  @Column('text', { name: 'head_of', array: true }) headOf!: string[];
  @Column('text', { array: true }) communities!: string[];
  @Column('text', { array: true }) topics!: string[];
  /** Followed without membership: centres d'intérêt, never access. */
  @Column('text', { name: 'followed_communities', array: true }) followedCommunities!: string[];
  /** `occurredAt` of the snapshot applied: an older snapshot arriving late never overwrites it. */
  @Column('timestamptz', { name: 'changed_at' }) changedAt!: Date;
}
