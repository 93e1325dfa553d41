import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Classification, ExternalRecipient, Priority, PublicationKind, PublicationStatus } from '@diplomatie/contracts';

/** One row per publication; the `access_*` and `partners` columns are derived from the others on every write. */
@Entity({ name: 'publication' })
export class PublicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { nullable: true }) reference!: string | null;
  @Column('text') kind!: PublicationKind;
  @Column('text') subject!: string;
  @Column('text') summary!: string;
  @Column('text') body!: string;
  @Column('text') priority!: Priority;
  @Column('text', { nullable: true }) country!: string | null;
  @Column('text', { array: true }) topics!: string[];
  @Column('text', { array: true }) communities!: string[];
  @Column('text') classification!: Classification;
  @Column('text', { name: 'for_action', array: true }) forAction!: string[];
  @Column('text', { name: 'for_information', array: true }) forInformation!: string[];
  @Column('text', { array: true }) addressees!: string[];
  @Column('jsonb', { nullable: true }) recipient!: ExternalRecipient | null;
  @Column('text', { name: 'our_reference', nullable: true }) ourReference!: string | null;
  @Column('text', { name: 'their_reference', nullable: true }) theirReference!: string | null;
  @Column('boolean', { name: 'signature_required' }) signatureRequired!: boolean;
  @Column('text', { name: 'emitting_unit_id' }) emittingUnitId!: string;
  @Column('uuid', { name: 'author_id' }) authorId!: string;
  @Column('text') status!: PublicationStatus;
  @Column('integer') version!: number;
  @Column('boolean', { name: 'open_to_partners' }) openToPartners!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt!: Date | null;
  @Column('text', { name: 'withdrawal_reason', nullable: true }) withdrawalReason!: string | null;
  @Column('text', { name: 'access_units', array: true }) accessUnits!: string[];
  @Column('text', { name: 'access_communities', array: true }) accessCommunities!: string[];
  @Column('text', { name: 'access_agents', array: true }) accessAgents!: string[];
  @Column('text', { name: 'access_ministries', array: true }) accessMinistries!: string[];
  @Column('boolean') partners!: boolean;
}

/** The last reference number allocated per emitting unit and year. */
@Entity({ name: 'reference_counter' })
export class ReferenceCounterEntity {
  @PrimaryColumn('text', { name: 'emitting_unit_id' }) emittingUnitId!: string;
  @PrimaryColumn('integer') year!: number;
  @Column('integer', { name: 'last_value' }) lastValue!: number;
}
