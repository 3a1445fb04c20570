/**
 * Generates questionnaires/questionnaire.schema.json (the JSON Schema every questionnaire
 * file references through "$schema") from the zod model, the single source of truth.
 *
 *   npx tsx scripts/generate-questionnaire-schema.ts           write the file
 *   npx tsx scripts/generate-questionnaire-schema.ts --check   exit 1 if the file on disk is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { QuestionnaireSchema } from '../functions/core/questionnaire/model';

export const SCHEMA_PATH = fileURLToPath(new URL('../questionnaires/questionnaire.schema.json', import.meta.url));

/**
 * The schema as authors write files: `io: 'input'`, so fields with defaults (weight,
 * help, required, caps, …) are optional, exactly as the zod parser accepts them.
 */
export function questionnaireJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(QuestionnaireSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The exact file content: two-space indentation and a trailing newline. */
export function questionnaireJsonSchemaText(): string {
  return `${JSON.stringify(questionnaireJsonSchema(), null, 2)}\n`;
}

function readCurrent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function main(argv: readonly string[]): number {
  const expected = questionnaireJsonSchemaText();
  if (argv.includes('--check')) {
    if (readCurrent(SCHEMA_PATH) !== expected) {
      console.error(`${SCHEMA_PATH} is out of date; run: npx tsx scripts/generate-questionnaire-schema.ts`);
      return 1;
    }
    console.log(`${SCHEMA_PATH} is up to date`);
    return 0;
  }
  writeFileSync(SCHEMA_PATH, expected);
  console.log(`wrote ${SCHEMA_PATH}`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
