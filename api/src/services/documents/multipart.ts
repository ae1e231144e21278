import { Readable } from 'node:stream';
import busboy from 'busboy';
import { DomainError } from '../../lib/outcomes';

/** An upload's body: its Content-Type (with the boundary) and its bytes as a Node stream, read with backpressure. */
export interface UploadBody {
  contentType: string;
  stream: Readable;
}

const invalid = (message: string) =>
  new DomainError('invalid', 'The request is not valid', { issues: [{ path: 'body.file', message }] });

/**
 * Streams the multipart body's `file` part into `handle` as it arrives (busboy; nothing is buffered here), and
 * answers what `handle` answers. One file per request: other parts are skipped. When `handle` throws, the body is no
 * longer read (the error's 413/415 answer closes the connection).
 */
export function receiveFile<T>(
  body: UploadBody,
  handle: (file: AsyncIterable<Uint8Array>, filename: string) => Promise<T>,
): Promise<T> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': body.contentType },
      // Names are UTF-8 (browsers send them so); busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 8, parts: 9, fieldSize: 1024, headerPairs: 16 },
    });
  } catch {
    return Promise.reject(invalid('Send the file as multipart/form-data with a boundary'));
  }
  const { stream } = body;
  return new Promise<T>((resolve, reject) => {
    let received = false;
    // Paused, not destroyed: the answer still goes out on this connection, which then closes (Connection: close).
    const stop = (error: unknown) => {
      stream.unpipe(parser);
      stream.pause();
      reject(error);
    };
    parser.on('file', (field, stream, info) => {
      if (received || field !== 'file') {
        stream.resume();
        return;
      }
      received = true;
      handle(stream, info.filename ?? '').then(resolve, stop);
    });
    parser.on('error', (error: Error) => stop(invalid(`The multipart body is malformed: ${error.message}`)));
    parser.on('close', () => {
      if (!received) stop(invalid('Send one file in the field "file"'));
    });
    stream.on('error', stop);
    stream.pipe(parser);
  });
}
