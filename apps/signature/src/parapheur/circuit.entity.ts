import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'circuit' })
export class CircuitEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'publication_id' }) publicationId!: string;
  @Column('text') status!: string;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
