export interface SseMessage {
  event: string;
  id: string | null;
  data: string;
  retry: number | null;
}

/**
 * Reads Server-Sent Events from a fetch Response, message by message (comments are counted, not returned), so a
 * test can say "the next message is…" without timers.
 */
export class SseReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = '';
  comments = 0;

  constructor(response: Response) {
    if (!response.body) throw new Error('No body');
    this.#reader = response.body.getReader();
  }

  /** The next message; null when the stream ended. */
  async next(): Promise<SseMessage | null> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const message = parse(block);
        if (message) return message;
        this.comments++;
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) return null;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** Reads (and drops) messages until a comment such as a heartbeat arrives; false if the stream ended first. */
  async untilComment(): Promise<boolean> {
    const before = this.comments;
    while (this.comments === before) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        if (!parse(block)) this.comments++;
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) return false;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
    return true;
  }

  async take(count: number): Promise<SseMessage[]> {
    const messages: SseMessage[] = [];
    while (messages.length < count) {
      const message = await this.next();
      if (!message) break;
      messages.push(message);
    }
    return messages;
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function parse(block: string): SseMessage | null {
  const message: SseMessage = { event: 'message', id: null, data: '', retry: null };
  let hasField = false;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    hasField = true;
    if (field === 'event') message.event = value;
    else if (field === 'id') message.id = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry') message.retry = Number(value);
  }
  message.data = data.join('\n');
  return hasField ? message : null;
}
