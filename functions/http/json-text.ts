/**
 * JSON answers serialized once, for documents that never change while the process runs (a
 * published questionnaire version, 55 to 75 kB of JSON): a request then writes the text made
 * the first time instead of paying JSON.stringify again (bench/RESULTS.md, "Load", read figure).
 */
import type { Context } from 'hono';

/** The JSON text of a value of type T (the type travels with the text, for the typed routes). */
export type JsonText<T> = string & { readonly jsonTextOf: T };

export const toJsonText = <T>(value: T): JsonText<T> => JSON.stringify(value) as JsonText<T>;

/**
 * Answers 200 with `text`, exactly as `c.json(value, 200)` answers with the value it was made
 * from (body and content type), and typed the same way, so the route's declared response
 * still types the handler; the API tests check the answer against the OpenAPI document.
 */
export function jsonTextResponse<T extends object>(c: Context, text: JsonText<T>) {
  // The one cast: c.body's answer carries no JSON type, and the text is a T's by construction.
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as ReturnType<typeof c.json<T, 200>>;
}
