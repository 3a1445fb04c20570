/** A small HTTP client for tests that talk to a real AIM server. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function apiClient(baseUrl: string) {
  async function call<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : type.includes('pdf') ? new Uint8Array(await response.arrayBuffer()) : await response.text();
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) => call<T>('POST', path, { body, token, headers }),
    patch: <T = any>(path: string, body: unknown, token?: string) => call<T>('PATCH', path, { body, token }),
    del: <T = any>(path: string, token?: string) => call<T>('DELETE', path, { token }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
