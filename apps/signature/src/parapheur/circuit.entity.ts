import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The columns TypeORM needs to know; the repository reads and writes the rest in SQL. */
@Entity({ name: 'circuit' })
export class CircuitEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'publication_id', nullable: true }) publicationId!: string | null;
  @Column('text') status!: string;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
