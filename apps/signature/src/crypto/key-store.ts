import type { pki } from 'node-forge';

/** A private key and its certificate chain (leaf first, root last). */
export interface SigningIdentity {
  privateKey: pki.rsa.PrivateKey;
  certificate: pki.Certificate;
  chain: pki.Certificate[];
}

export interface SignerSubject {
  id: string;
  displayName: string;
}

/**
 * Where signing keys live: the platform's own CA in the database here; an HSM or a KMS in
 * production implements the same port (keys never leave it; `sign` would then be delegated).
 */
export abstract class KeyStore {
  /** The root every signer's certificate chains to. */
  abstract caCertificate(): Promise<pki.Certificate>;
  /** The signer's identity, its key pair and certificate issued on first need. */
  abstract identityOf(subject: SignerSubject): Promise<SigningIdentity>;
  /** The parapheur's own identity, which signs the audit trail. */
  abstract serviceIdentity(): Promise<SigningIdentity>;
}

export const KEYSTORE_SECRET = Symbol('KEYSTORE_SECRET');
