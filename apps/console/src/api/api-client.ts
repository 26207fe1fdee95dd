import { ApiProblem } from './problem';
import { ReadYourWrites } from './read-your-writes';

export interface Sent<T> {
  readonly body: T;
  readonly status: number;
}

/**
 * The one way the console talks to the engine: the public /api/v1 with the caller's bearer token.
 * Every failure becomes an ApiProblem; a 401 also signs the user out (the token expired). Reads after a
 * command wait for its position on whichever node answers them (ReadYourWrites).
 */
export class ApiClient {
  private readonly readYourWrites = new ReadYourWrites();

  constructor(
    private readonly token: () => string | null,
    private readonly onUnauthorized: () => void,
  ) {}

  async get<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const response = await this.request('GET', withQuery(path, query));
    return (await response.json()) as T;
  }

  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Sent<T>> {
    const response = await this.request('POST', path, body, headers);
    return { body: (await response.json()) as T, status: response.status };
  }

  /** A file as the raw body, with its own media type (an attachment upload). */
  async upload<T>(path: string, query: Record<string, string>, file: Blob): Promise<Sent<T>> {
    const response = await this.request('POST', withQuery(path, query), file);
    return { body: (await response.json()) as T, status: response.status };
  }

  /** A streamed export saved as a file: links cannot carry the bearer token, so fetch and hand over a blob. */
  async download(path: string, query: Record<string, string | undefined>, fileName: string): Promise<number> {
    const response = await this.request('GET', withQuery(path, query));
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return blob.size;
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const token = this.token();
    const response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body instanceof Blob
          ? { 'content-type': body.type || 'application/octet-stream' }
          : body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
        ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
        ...(method === 'GET' ? this.readYourWrites.readHeaders() : {}),
        ...headers,
      },
      ...(body instanceof Blob ? { body } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.readYourWrites.observe(method, response.headers);
    if (!response.ok) {
      const problem = await ApiProblem.from(response);
      if (response.status === 401) this.onUnauthorized();
      throw problem;
    }
    return response;
  }
}

function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
