import { BaseEnv, parseEnv } from '@diplomatie/observability';

export const SignatureEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3104),
});
export type SignatureEnv = ReturnType<typeof loadSignatureEnv>;

/** The only reader of process.env in this app. */
export function loadSignatureEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(SignatureEnv, source);
}
