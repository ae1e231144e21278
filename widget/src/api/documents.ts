/**
 * The document calls, kept out of `client.ts`: only `<porch-ticket-documents>` uses them, so they load with its chunk
 * and the entry and timeline bundles do not grow. The list goes through `PorchClient.call`; the download (a Blob)
 * and the upload (XMLHttpRequest, for its progress) use the client's base URL and session the same way.
 */
import type { PorchClient } from './client.js';
import { PorchApiError } from './errors.js';
import type { ErrorEnvelope, TicketDocument, TicketDocuments } from './types.js';

const documentsPath = (client: PorchClient, ticketId: string, rest = '') =>
  `${client.baseUrl}/v1/portal/tickets/${encodeURIComponent(ticketId)}/documents${rest}`;

async function send(client: PorchClient, url: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', authorization: `Bearer ${client.session ?? ''}` },
      signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new PorchApiError('NETWORK_ERROR', 0, error instanceof Error ? error.message : 'Network error');
  }
  if (response.ok) return response;
  throw errorFrom(response.status, await response.json().catch(() => null), response.headers.get('x-request-id'));
}

function errorFrom(status: number, payload: unknown, requestId: string | null): PorchApiError {
  const envelope = (payload as Partial<ErrorEnvelope> | null)?.error;
  return new PorchApiError(
    envelope?.code ?? 'INTERNAL',
    status,
    envelope?.message ?? `HTTP ${status}`,
    envelope?.requestId ?? requestId,
  );
}

/** The ticket's documents, oldest first, and the largest file an upload may carry (scope `comments`). */
export function listDocuments(client: PorchClient, ticketId: string, signal?: AbortSignal): Promise<TicketDocuments> {
  return client.call('GET', `/v1/portal/tickets/${encodeURIComponent(ticketId)}/documents`, signal);
}

/** One document's bytes, fetched with the session in the header (never in a URL). */
export async function downloadDocument(client: PorchClient, ticketId: string, documentId: string): Promise<Blob> {
  return (await send(client, documentsPath(client, ticketId, `/${encodeURIComponent(documentId)}`))).blob();
}

/**
 * Uploads one file as multipart/form-data. XMLHttpRequest rather than fetch: only it reports upload progress
 * (`onProgress(sent, total)`). Fails with the API's code (`DOCUMENT_TOO_LARGE`, `DOCUMENT_TYPE_REFUSED` …).
 */
export function uploadDocument(
  client: PorchClient,
  ticketId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<TicketDocument> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', documentsPath(client, ticketId));
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('authorization', `Bearer ${client.session ?? ''}`);
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.total || file.size));
    request.addEventListener('load', () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(request.responseText);
      } catch {
        // not JSON: the status tells
      }
      if (request.status >= 200 && request.status < 300) resolve(payload as TicketDocument);
      else reject(errorFrom(request.status, payload, request.getResponseHeader('x-request-id')));
    });
    request.addEventListener('error', () => reject(new PorchApiError('NETWORK_ERROR', 0, 'Network error')));
    request.addEventListener('abort', () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
