import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { validationError } from '@diplomatie/contracts';

/**
 * Validates a body, query or path parameter with the contract's own schema, so that a bad request
 * is a 400 with field details before anything reaches NATS. Yields the parsed value (defaults applied).
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    // A path parameter is validated under its name, so that details say which one.
    const named = metadata.type === 'param' && metadata.data;
    const result = named ? z.object({ [named]: this.schema }).safeParse({ [named]: value }) : this.schema.safeParse(value);
    if (!result.success) throw validationError(result.error, metadata.type === 'custom' ? 'request' : metadata.type === 'param' ? 'path' : metadata.type);
    return named ? (result.data as Record<string, z.output<S>>)[named] : (result.data as z.output<S>);
  }
}
