import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'community' })
export class CommunityEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') description!: string;
  @Column('text') kind!: 'open' | 'closed' | 'secret';
  @Column('boolean', { name: 'partners_allowed' }) partnersAllowed!: boolean;
  @Column('text', { array: true }) topics!: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ name: 'community_member' })
export class CommunityMemberEntity {
  @PrimaryColumn('text', { name: 'community_id' }) communityId!: string;
  @PrimaryColumn('uuid', { name: 'agent_id' }) agentId!: string;
  @Column('text') role!: 'owner' | 'moderator' | 'member';
  @Column('timestamptz', { name: 'joined_at' }) joinedAt!: Date;
}

export const communityEntities = [CommunityEntity, CommunityMemberEntity];
