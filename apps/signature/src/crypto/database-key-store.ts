import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import forge from 'node-forge';
import { DataSource } from 'typeorm';
import {
  certificateFromPem, certificateToPem, decryptKey, encryptKey, IssuedKey, issueRootCa, issueSignerCertificate,
} from './certificates';
import { KEYSTORE_SECRET, KeyStore, SignerSubject, SigningIdentity } from './key-store';

const CA_OWNER = 'ca';
const SERVICE_OWNER = 'service:signature';

interface KeyRow {
  certificate: string;
  encrypted_key: string;
}

/**
 * The development and test key store: the platform CA and every signer's key in PostgreSQL,
 * private keys encrypted with SIGNATURE_KEYSTORE_SECRET. Keys are created on first need with
 * `ON CONFLICT DO NOTHING`, so that replicas racing for the same signer agree on one key.
 */
@Injectable()
export class DatabaseKeyStore extends KeyStore implements OnModuleInit {
  private ca?: IssuedKey;
  private readonly cache = new Map<string, SigningIdentity>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KEYSTORE_SECRET) private readonly secret: string,
  ) {
    super();
  }

  /** The CA is created at first start, so that it exists before anyone signs. */
  async onModuleInit(): Promise<void> {
    await this.loadCa();
  }

  async caCertificate(): Promise<forge.pki.Certificate> {
    return (await this.loadCa()).certificate;
  }

  async identityOf(subject: SignerSubject): Promise<SigningIdentity> {
    return this.identity(`agent:${subject.id}`, subject);
  }

  async serviceIdentity(): Promise<SigningIdentity> {
    return this.identity(SERVICE_OWNER, { id: SERVICE_OWNER, displayName: 'Diplomatie — service parapheur' });
  }

  private async identity(owner: string, subject: SignerSubject): Promise<SigningIdentity> {
    const cached = this.cache.get(owner);
    if (cached) return cached;
    const ca = await this.loadCa();
    const key = await this.loadOrCreate(owner, subject.displayName, () => issueSignerCertificate(ca, subject));
    const identity = { ...key, chain: [key.certificate, ca.certificate] };
    this.cache.set(owner, identity);
    return identity;
  }

  private async loadCa(): Promise<IssuedKey> {
    this.ca ??= await this.loadOrCreate(CA_OWNER, 'platform CA', () => issueRootCa());
    return this.ca;
  }

  private async loadOrCreate(owner: string, displayName: string, issue: () => IssuedKey): Promise<IssuedKey> {
    const existing = await this.find(owner);
    if (existing) return existing;
    const issued = issue();
    await this.dataSource.query(
      `INSERT INTO signature.key_pair (owner, display_name, certificate, encrypted_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (owner) DO NOTHING`,
      [owner, displayName, certificateToPem(issued.certificate), encryptKey(issued.privateKey, this.secret)],
    );
    const stored = await this.find(owner);
    if (!stored) throw new Error(`key of ${owner} vanished after its creation`);
    return stored;
  }

  private async find(owner: string): Promise<IssuedKey | null> {
    const [row]: KeyRow[] = await this.dataSource.query(`SELECT certificate, encrypted_key FROM signature.key_pair WHERE owner = $1`, [owner]);
    return row ? { certificate: certificateFromPem(row.certificate), privateKey: decryptKey(row.encrypted_key, this.secret) } : null;
  }
}
