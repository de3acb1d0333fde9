// Every call goes to this origin's public API with the session's key in the X-Api-Key header. Errors become
// ApiError with the problem details' words, and describe() says in words what a status means for the user.

import { apiKey } from './session';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  traceId?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null) {
    super(problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** The platform could not be reached at all (network down, gateway stopped). */
export class Unreachable extends Error {}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function url(path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function headers(extra?: Record<string, string>, key?: string | null): Headers {
  const result = new Headers({ Accept: 'application/json, application/problem+json', ...extra });
  const sent = key === undefined ? apiKey() : key;
  if (sent) result.set('X-Api-Key', sent);
  return result;
}

async function fail(response: Response): Promise<never> {
  let problem: Problem = {};
  try {
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) problem = (await response.json()) as Problem;
  } catch {
    // A body that is not a problem: the status alone says what happened.
  }
  const retry = response.headers.get('Retry-After');
  const seconds = retry === null ? null : Number.parseInt(retry, 10);
  throw new ApiError(response.status, problem, seconds !== null && Number.isFinite(seconds) ? seconds : null);
}

async function call(input: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, credentials: 'omit', cache: 'no-store', redirect: 'error' });
  } catch (error) {
    throw new Unreachable(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) await fail(response);
  return response;
}

export async function getJson<T>(path: string, query?: Query, options?: { key?: string; signal?: AbortSignal }): Promise<T> {
  const response = await call(url(path, query), { headers: headers(undefined, options?.key), signal: options?.signal ?? null });
  return (await response.json()) as T;
}

export interface Sent<T> {
  status: number;
  body: T;
  location: string | null;
}

export async function sendJson<T>(method: 'POST' | 'PUT', path: string, body: unknown, idempotencyKey?: string): Promise<Sent<T>> {
  const extra: Record<string, string> = { 'Content-Type': 'application/json' };
  if (idempotencyKey) extra['Idempotency-Key'] = idempotencyKey;
  const response = await call(path, { method, headers: headers(extra), body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, location: response.headers.get('Location') };
}

/**
 * An upload with progress (fetch reports none for a request body): the file streams to the API as it is read,
 * and onProgress hears the bytes sent.
 */
export function upload<T>(path: string, file: Blob, contentType: string, idempotencyKey: string, onProgress: (sent: number, total: number) => void): Promise<Sent<T>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    const key = apiKey();
    if (key) request.setRequestHeader('X-Api-Key', key);
    request.setRequestHeader('Content-Type', contentType);
    request.setRequestHeader('Accept', 'application/json, application/problem+json');
    request.setRequestHeader('Idempotency-Key', idempotencyKey);
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    request.addEventListener('error', () => reject(new Unreachable('The upload could not reach the platform.')));
    request.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve({ status: request.status, body: body as T, location: request.getResponseHeader('Location') });
      } else {
        const retry = request.getResponseHeader('Retry-After');
        reject(new ApiError(request.status, (body ?? {}) as Problem, retry === null ? null : Number.parseInt(retry, 10)));
      }
    });
    request.send(file);
  });
}

/** What went wrong, in words a user can act on. */
export function describe(error: unknown, doing: string): { title: string; detail: string } {
  if (error instanceof Unreachable) {
    return { title: `Could not ${doing}: the platform did not answer.`, detail: 'Check your connection, then try again.' };
  }
  if (!(error instanceof ApiError)) {
    return { title: `Could not ${doing}.`, detail: error instanceof Error ? error.message : String(error) };
  }
  const problem = error.problem;
  const said = [problem.title, problem.detail].filter((text) => text && text.length > 0).join(' ');
  switch (true) {
    case error.status === 400:
      return { title: `Could not ${doing}: the platform refused the request as not valid (400).`, detail: said || 'Check the values entered.' };
    case error.status === 401:
      return { title: `Could not ${doing}: your API key was not accepted (401).`, detail: 'It may have been revoked, rotated or mistyped. Sign in again with a current key.' };
    case error.status === 403:
      return { title: `Could not ${doing}: your role may not do this (403).`, detail: said || 'Ask for a key with the role this needs.' };
    case error.status === 404:
      return { title: `Could not ${doing}: not found (404).`, detail: said || 'It does not exist, or it belongs to another tenant.' };
    case error.status === 409:
      return { title: `Could not ${doing}: it conflicts with what is recorded (409).`, detail: said };
    case error.status === 413:
      return { title: `Could not ${doing}: the upload is larger than the platform takes (413).`, detail: said };
    case error.status === 429: {
      const wait = error.retryAfter !== null ? `Try again in ${error.retryAfter} second${error.retryAfter === 1 ? '' : 's'}.` : 'Try again shortly.';
      return { title: `Could not ${doing}: your tenant is over its request quota (429).`, detail: wait };
    }
    case error.status >= 500: {
      const trace = problem.traceId ? ` If it persists, give support this trace id: ${problem.traceId}.` : '';
      return { title: `Could not ${doing}: the platform failed to answer (${error.status}).`, detail: `This is not caused by your request; try again in a moment.${trace}` };
    }
    default:
      return { title: `Could not ${doing} (${error.status}).`, detail: said };
  }
}
