/** The one check of an `application/problem+json` answer that API tests share. */
import { expect } from 'vitest';
import type { ApiResponse } from './api-client';

/** The response is a problem document with this status and stable code (and, if given, an error at this pointer). */
export function expectProblem(res: ApiResponse, status: number, code: string, pointer?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  if (pointer) expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
}
