/** The classes each audited action touches, and what scopes and roles can reach. */
import { describe, expect, it } from 'vitest';
import { DATA_CLASSES, dataClassesOf, OPERATION_CLASSES, reachableDataClasses, reachableDataClassesOfRole } from './data-classes';
import { policy } from './policy';

describe('dataClassesOf', () => {
  it('classifies changes by their name, an exact name before its family', () => {
    expect(dataClassesOf({ operation: 'assessment.answer' })).toEqual(['confidential']);
    expect(dataClassesOf({ operation: 'reports.generate' })).toEqual(['confidential']);
    expect(dataClassesOf({ operation: 'token.revoke.found-in-log' })).toEqual(['restricted']);
    expect(dataClassesOf({ operation: 'credential.contained' })).toEqual(['restricted']);
    expect(dataClassesOf({ operation: 'organisation.settings.update' })).toEqual(['internal']);
    expect(dataClassesOf({ operation: 'organisation.delete' })).toEqual(['internal', 'confidential', 'restricted']);
    expect(dataClassesOf({ operation: 'invitation.accept' })).toEqual(['internal', 'restricted']);
  });

  it('classifies reads and refusals by the policy operation they asked for, else public routes as public', () => {
    expect(dataClassesOf({ operation: 'read', decision: { operation: 'assessments.read' } })).toEqual(['confidential']);
    expect(dataClassesOf({ operation: 'refused', decision: { operation: 'audit.read' } })).toEqual(['restricted']);
    expect(dataClassesOf({ operation: 'read', request: { route: '/v1/questionnaires/{id}/versions/{version}' } })).toEqual(['public']);
    // Nothing known: no class rather than a guess.
    expect(dataClassesOf({ operation: 'read', request: { route: '/v1/somewhere' } })).toEqual([]);
    expect(dataClassesOf({ operation: 'something.new' })).toEqual([]);
  });
});

describe('reach', () => {
  it('classifies every policy operation', () => {
    expect(Object.keys(OPERATION_CLASSES).sort()).toEqual(Object.keys(policy).sort());
  });

  it('gives the classes a set of scopes reaches, in the fixed order and once each', () => {
    expect(reachableDataClasses(['assessments.read', 'assessments.answer'])).toEqual(['confidential']);
    expect(reachableDataClasses(['audit.read', 'assessments.benchmark', 'unknown.scope'])).toEqual(['internal', 'confidential', 'restricted']);
    expect(reachableDataClasses([])).toEqual([]);
  });

  it("gives a key's reach by its role", () => {
    expect(reachableDataClassesOfRole('respondent')).toEqual(['internal', 'confidential', 'restricted']);
    expect(reachableDataClassesOfRole('analyst')).toEqual(['internal']);
    expect(DATA_CLASSES).toEqual(['public', 'internal', 'confidential', 'restricted']);
  });
});
