import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'unit' })
export class UnitEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('text', { nullable: true }) country!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ name: 'organisation' })
export class OrganisationEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ name: 'agent' })
export class AgentEntity {
  /** UUID v7, generated at the account's first import and stable afterwards. */
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) login!: string;
  @Column('text') kind!: 'agent' | 'partner';
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { array: true }) languages!: string[];
  @Column('text', { name: 'organisation_id', nullable: true }) organisationId!: string | null;
  @Column('timestamptz', { name: 'charter_accepted_at', nullable: true }) charterAcceptedAt!: Date | null;
  @Column('text', { array: true }) roles!: string[];
  @Column('boolean') active!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ name: 'unit_membership' })
export class UnitMembershipEntity {
  @PrimaryColumn('uuid', { name: 'agent_id' }) agentId!: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId!: string;
  @Column('text') role!: 'agent' | 'head';
}

@Entity({ name: 'topic' })
export class TopicEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') label!: string;
  @Column('text', { array: true }) synonyms!: string[];
}

/** A centre d'intérêt: one topic or one community an agent follows. */
@Entity({ name: 'interest' })
export class InterestEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('uuid', { name: 'agent_id' }) agentId!: string;
  @Column('text', { name: 'topic_id', nullable: true }) topicId!: string | null;
  @Column('text', { name: 'community_id', nullable: true }) communityId!: string | null;
}

export const directoryEntities = [UnitEntity, OrganisationEntity, AgentEntity, UnitMembershipEntity, TopicEntity, InterestEntity];
