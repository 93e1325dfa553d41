import { platformInfo } from './platform';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A user of the public API: logs in with the development IdP and calls /api/v1 over HTTP. */
export class ApiUser {
  private constructor(readonly login: string, private readonly token: string | undefined) {}

  static async login(login: string): Promise<ApiUser> {
    const res = await call('POST', '/api/v1/auth/dev/token', undefined, { login });
    if (res.status !== 200 && res.status !== 201) throw new Error(`dev token for ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiUser(login, (res.body as { accessToken: string }).accessToken);
  }

  static anonymous(): ApiUser {
    return new ApiUser('anonymous', undefined);
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return call<T>('GET', path, this.token);
  }
  post<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return call<T>('POST', path, this.token, body);
  }
  put<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return call<T>('PUT', path, this.token, body);
  }
  delete<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return call<T>('DELETE', path, this.token);
  }
  patch<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return call<T>('PATCH', path, this.token, body);
  }
}

async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${platformInfo().gatewayUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
