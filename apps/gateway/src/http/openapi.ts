import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { HttpErrorBody } from '../errors/http-error-body';

/** OpenAPI schemas come from the contracts, never written twice: what is sent validates as input, what is answered as output. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const json = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return json as SchemaObject;
}

export const ApiZodBody = (schema: z.ZodType, description?: string) => ApiBody({ schema: openApiSchema(schema, 'input'), description });

export const ApiZodResponse = (status: number, schema: z.ZodType, description = 'Success') =>
  ApiResponse({ status, description, schema: openApiSchema(schema, 'output') });

/** One query parameter per property of the contract's request object. */
export function ApiZodQuery(schema: z.ZodType) {
  const json = openApiSchema(schema, 'input');
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), schema: property as SchemaObject, description: (property as SchemaObject).description }),
    ),
  );
}

export const ApiZodParam = (name: string, schema: z.ZodType, description?: string) =>
  ApiParam({ name, schema: openApiSchema(schema, 'input'), description });

const errorDescriptions: Record<number, string> = {
  400: 'Invalid request: `details` lists each field in error',
  401: 'Missing, invalid or expired bearer token',
  403: 'Account deactivated, or action not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  503: 'A back-end service is unavailable',
};

/** The error answers a route may give, all `{ statusCode, error, message, details? }`. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiZodResponse(status, HttpErrorBody, errorDescriptions[status] ?? 'Error')));
