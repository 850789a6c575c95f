import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const tooLarge = (limit: number): GraphQLError =>
  new GraphQLError(`Request body too large: the limit is ${limit} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });

const CONTENT_LENGTH = /^\d+$/;

/**
 * A request-size limit with Yoga's semantics (413 REQUEST_ENTITY_TOO_LARGE, 400 on a bad Content-Length)
 * that only streams through a byte counter when the body has no Content-Length. Node's HTTP parser
 * never delivers more bytes than a Content-Length announces, so a valid one below the limit is enough;
 * Yoga's own limit pipes every body through a TransformStream, a large share of a small request's cost.
 */
export function useRequestBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw new GraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(contentLength) > limit) throw tooLarge(limit);
        return;
      }
      if (!requestParser || request.body === null) return;
      const TransformStreamClass =
        request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
      setRequestParser((req) => {
        let bytes = 0;
        const counted = req.body?.pipeThrough(
          new TransformStreamClass<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > limit) controller.error(tooLarge(limit));
              else controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body: counted ?? null,
            // @ts-expect-error duplex is required by Node's fetch for a streamed body but missing from the DOM types
            duplex: 'half',
          }),
        );
      });
    },
  };
}
