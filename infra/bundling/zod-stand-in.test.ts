import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LEFT_OUT, standInSource, ZOD_STAND_IN } from './zod-stand-in';

describe('zod without its locales (the Lambda bundles alias zod to it)', () => {
  it('is the generator output for the installed zod (rerun npx tsx infra/bundling/zod-stand-in.ts after an upgrade)', async () => {
    expect(readFileSync(ZOD_STAND_IN, 'utf8')).toBe(await standInSource());
  });

  it('offers every member of z but the locales and core, the same values', async () => {
    const standIn = (await import(ZOD_STAND_IN)) as { z: Record<string, unknown>; default: unknown; [name: string]: unknown };
    const expected = Object.keys(z).filter((name) => !LEFT_OUT.includes(name));
    expect(Object.keys(standIn.z).sort()).toEqual(expected.sort());
    for (const name of expected) {
      expect(standIn.z[name], name).toBe((z as unknown as Record<string, unknown>)[name]);
      expect(standIn[name], name).toBe((z as unknown as Record<string, unknown>)[name]);
    }
    expect(standIn.default).toBe(standIn.z);
    // Schemas built through the stand-in validate as zod's own, with English messages.
    const schema = (standIn.z.object as typeof z.object)({ n: (standIn.z.number as typeof z.number)().int() });
    expect(schema.safeParse({ n: 1.5 }).error?.issues[0]?.message).toBe(z.object({ n: z.number().int() }).safeParse({ n: 1.5 }).error?.issues[0]?.message);
  });
});
