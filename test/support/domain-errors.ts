/** The DomainError a call throws (or a promise rejects with); anything else fails the test. */
import { DomainError } from '../../functions/core/errors';

function asDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  throw error;
}

export function domainErrorThrownBy(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return asDomainError(error);
  }
  throw new Error('expected a DomainError');
}

export async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return asDomainError(error);
  }
  throw new Error('expected a DomainError');
}
