/** One Server-Sent Event: its `event` name (`message` when unnamed), its joined `data` lines and its `id`, if any. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body and calls `onMessage` for each event, in order, until the body ends (resolves),
 * fails or `onMessage` throws (rejects, and the body is cancelled). Comments such as heartbeats are skipped. Only
 * what the portal API sends is understood: `\n` line ends; `retry` is ignored, the caller keeps its own backoff.
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let event = 'message';
  let id: string | undefined;
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const lines = (pending + decoder.decode(value, { stream: true })).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line) {
          if (data.length) onMessage({ event, data: data.join('\n'), id });
          event = 'message';
          id = undefined;
          data = [];
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(text);
        else if (field === 'event') event = text;
        else if (field === 'id') id = text;
      }
    }
  } finally {
    // When onMessage throws, the connection must not stay open behind the caller's back.
    reader.cancel().catch(() => {});
  }
}
