import { ApiError } from './api';

/** Shows an API problem (title + detail) or any other error as an alert. */
export function ProblemNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof ApiError ? error.problem.title : 'Something went wrong';
  const detail = error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title ? <p>{detail}</p> : null}
    </div>
  );
}
