import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionnaireDocuments } from './index';

describe('questionnaire index', () => {
  it('lists every questionnaire file in the folder, and nothing else', () => {
    const root = join(import.meta.dirname);
    const files = readdirSync(root)
      .filter((entry) => statSync(join(root, entry)).isDirectory())
      .flatMap((dir) =>
        readdirSync(join(root, dir))
          .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
          .map((f) => `questionnaires/${dir}/${f}`),
      );
    expect(files.length).toBeGreaterThan(0);
    expect(questionnaireDocuments.map((d) => d.source).sort()).toEqual(files.sort());
  });
});
