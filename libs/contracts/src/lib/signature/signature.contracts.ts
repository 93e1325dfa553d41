import { z } from 'zod';
import { defineRequest } from '../messages';

export const SignatureContracts = {
  status: defineRequest(
    'signature', 'parapheur.status', 1,
    'Whether the parapheur answers and how many circuits it holds.',
    z.object({}),
    z.object({ circuits: z.number().int() }),
  ),
} as const;
