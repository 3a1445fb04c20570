import { describe, expect, it } from 'vitest';
import { toggleChoice } from './multi-choice';

const options = [{ id: 'none-prepared', exclusive: true }, { id: 'revoke-tokens' }, { id: 'disable-identity' }, { id: 'pause-fleet', exclusive: false }];

describe('toggleChoice', () => {
  it('keeps the option order and adds or removes ordinary options', () => {
    expect(toggleChoice(options, ['disable-identity'], 'revoke-tokens', true)).toEqual(['revoke-tokens', 'disable-identity']);
    expect(toggleChoice(options, ['revoke-tokens', 'disable-identity'], 'revoke-tokens', false)).toEqual(['disable-identity']);
  });

  it('lets an exclusive option stand alone: ticking it clears the others, ticking another clears it', () => {
    expect(toggleChoice(options, ['revoke-tokens', 'pause-fleet'], 'none-prepared', true)).toEqual(['none-prepared']);
    expect(toggleChoice(options, ['none-prepared'], 'pause-fleet', true)).toEqual(['pause-fleet']);
    expect(toggleChoice(options, ['none-prepared'], 'none-prepared', false)).toEqual([]);
  });

  it('combines freely when no option is exclusive (published 1.0.0 and 1.1.0 declare none)', () => {
    const plain = options.map(({ id }) => ({ id }));
    expect(toggleChoice(plain, ['none-prepared'], 'revoke-tokens', true)).toEqual(['none-prepared', 'revoke-tokens']);
  });
});
