import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError, DirectoryImport } from '@diplomatie/contracts';

/** The demo directory `npm start` loads (tools/demo-data/directory.json; docs/demo-data.md). */
export function demoDirectory(): z.input<typeof DirectoryImport> {
  return JSON.parse(readFileSync(resolve(__dirname, '../../../../tools/demo-data/directory.json'), 'utf8'));
}

/** The error code a request failed with; the test fails if it succeeded or failed some other way. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
