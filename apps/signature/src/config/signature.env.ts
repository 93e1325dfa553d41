import { z } from 'zod';
import { BaseEnv, parseEnv } from '@diplomatie/observability';

/** Only for development and tests: production must bring its own secret. */
const DEV_KEYSTORE_SECRET = 'dev-only-keystore-secret-not-for-production';

export const SignatureEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3104),
  SIGNATURE_KEYSTORE_SECRET: z
    .string()
    .min(24, 'at least 24 characters')
    .optional()
    .describe('Encrypts the platform CA\'s and the signers\' private keys at rest (PKCS#8, AES-256). Required in production; a development value otherwise.'),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.SIGNATURE_KEYSTORE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SIGNATURE_KEYSTORE_SECRET'], message: 'required in production' });
  }
});
export type SignatureEnv = ReturnType<typeof loadSignatureEnv>;

/** The only reader of process.env in this app. */
export function loadSignatureEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = parseEnv(SignatureEnv, source);
  return { ...env, SIGNATURE_KEYSTORE_SECRET: env.SIGNATURE_KEYSTORE_SECRET ?? DEV_KEYSTORE_SECRET };
}
