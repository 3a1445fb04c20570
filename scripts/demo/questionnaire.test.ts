import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../functions/core/catalogue/catalogue';
import published from '../../questionnaires/agent-identity/1.2.0.json';
import { demoQuestionnaire } from './questionnaire';

const as = (version: string, status: string) => ({ source: `agent-identity/${version}.json`, content: { ...published, version, status } });

describe('the demo questionnaire', () => {
  it('is the latest published version, never a draft or a retired one', () => {
    const catalogue = new Catalogue([as('1.0.0', 'published'), as('1.3.0', 'published'), as('1.10.0', 'retired'), as('2.0.0', 'draft')]);
    expect(demoQuestionnaire(catalogue).version).toBe('1.3.0');
  });

  it('refuses a questionnaire with no published version', () => {
    expect(() => demoQuestionnaire(new Catalogue([as('1.0.0', 'draft')]))).toThrow(/no published questionnaire agent-identity/);
  });
});
