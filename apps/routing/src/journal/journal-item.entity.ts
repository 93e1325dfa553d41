import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The replica of a published publication that the journal lists, with its access columns. */
@Entity({ name: 'journal_item' })
export class JournalItemEntity {
  @PrimaryColumn('uuid', { name: 'publication_id' }) publicationId!: string;
  @Column('text', { nullable: true }) reference!: string | null;
  @Column('text') kind!: string;
  @Column('text') subject!: string;
  @Column('text') summary!: string;
  @Column('text') priority!: string;
  @Column('text', { name: 'emitting_unit_id' }) emittingUnitId!: string;
  @Column('text', { array: true }) topics!: string[];
  @Column('text', { array: true }) communities!: string[];
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
  @Column('text') classification!: string;
  @Column('text') status!: string;
  @Column('uuid', { name: 'author_id' }) authorId!: string;
  @Column('text', { name: 'access_units', array: true }) accessUnits!: string[];
  @Column('text', { name: 'access_communities', array: true }) accessCommunities!: string[];
  @Column('text', { name: 'access_agents', array: true }) accessAgents!: string[];
  @Column('text', { name: 'access_ministries', array: true }) accessMinistries!: string[];
  @Column('boolean') partners!: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
