import { crc32 } from 'node:zlib';
import { ApiError, ErrorCode, apiErrors } from './errors.ts';
import type { FieldError, JsonObject } from './types.ts';

/**
 * Discord's upload limits. "The file upload size limit applies to each file in a request. The default limit
 * is 10 MiB for all users" (discord-api-docs, Reference › Uploading Files); a message holds at most 10
 * attachments (error 30015, "Maximum number of attachments in a message reached (10)").
 */
export const AttachmentLimits = {
  maxFiles: 10,
  maxFileBytes: 10 * 1024 * 1024,
} as const;

/** One `files[n]` part of a multipart request. */
export interface UploadedFile {
  /** The part's field name, e.g. `files[0]`. */
  field: string;
  /** The snowflake placeholder `n` of `files[n]` (what `attachments[].id` refers to). */
  placeholder: string;
  /** File name from the part's Content-Disposition. */
  filename: string;
  /** The part's Content-Type, if it sent one. */
  contentType: string | undefined;
  /** The file's bytes. */
  data: Buffer;
}

/** An attachment's bytes as the double serves them. */
export interface StoredFile {
  /** Attachment snowflake. */
  id: string;
  /** Channel the message lives in (part of the URL, as on Discord's CDN). */
  channelId: string;
  /** File name. */
  filename: string;
  /** MIME type served. */
  contentType: string;
  /** The bytes. */
  data: Buffer;
}

/** Width and height read from a PNG's IHDR chunk. */
export interface PngSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Valid bit depths per colour type (PNG spec, IHDR).
const BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/**
 * The size of a well-formed PNG, or undefined: the signature, an IHDR first (13 bytes, non-zero size, a valid
 * colour type and bit depth), every chunk's CRC, and an IEND last with nothing after it. Pixel data is not
 * inflated: a PNG whose IDAT is corrupt but framed correctly passes.
 * @param data - file bytes
 */
export function readPngSize(data: Buffer): PngSize | undefined {
  if (data.length < PNG_SIGNATURE.length + 25 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let offset = 8;
  let size: PngSize | undefined;
  let hasImageData = false;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > data.length) return undefined;
    const crc = data.readUInt32BE(end - 4);
    if (crc32(data.subarray(offset + 4, end - 4)) !== crc) return undefined;
    const body = data.subarray(offset + 8, end - 4);
    if (size === undefined) {
      if (type !== 'IHDR' || length !== 13) return undefined;
      const width = body.readUInt32BE(0);
      const height = body.readUInt32BE(4);
      const bitDepth = body.readUInt8(8);
      const colourType = body.readUInt8(9);
      if (width === 0 || height === 0 || !(BIT_DEPTHS[colourType] ?? []).includes(bitDepth)) return undefined;
      size = { width, height };
    } else if (type === 'IDAT') {
      hasImageData = true;
    } else if (type === 'IEND') {
      return hasImageData && end === data.length ? size : undefined;
    }
    offset = end;
  }
  return undefined;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The content type Discord reports: the extension's type when known, else what the upload declared.
 * @param filename - file name
 * @param declared - the part's Content-Type
 */
export function contentTypeOf(filename: string, declared: string | undefined): string {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? declared ?? 'application/octet-stream';
}

/**
 * Checks the uploaded files of one request: at most 10 (30015), each at most 10 MiB (413, 40005), and a
 * well-formed PNG when the name ends in `.png` (50046).
 * @param files - the request's `files[n]` parts
 */
export function checkUploads(files: readonly UploadedFile[]): void {
  if (files.length > AttachmentLimits.maxFiles) {
    throw new ApiError(
      400,
      ErrorCode.maximumAttachments,
      `Maximum number of attachments in a message reached (${AttachmentLimits.maxFiles})`,
    );
  }
  for (const file of files) {
    if (file.data.length > AttachmentLimits.maxFileBytes) {
      throw new ApiError(413, ErrorCode.requestEntityTooLarge, 'Request entity too large');
    }
    if (/\.png$/i.test(file.filename) && readPngSize(file.data) === undefined) {
      throw new ApiError(400, ErrorCode.invalidFileUploaded, 'Invalid file uploaded');
    }
  }
}

/** What {@link resolveAttachments} needs besides the body. */
export interface AttachmentContext {
  /** The request's uploaded files. */
  uploads: readonly UploadedFile[];
  /** The message's current attachments (for edits; `[]` for new messages). */
  previous: readonly JsonObject[];
  /** Channel of the message. */
  channelId: string;
  /** A new snowflake. */
  newId: () => string;
  /** The URL the double serves an attachment's bytes at. */
  urlOf: (file: StoredFile) => string;
  /** Where `attachments` sits in the request body, for field errors. */
  path: (string | number)[];
}

/** The attachments a message ends up with, and the new files to serve. */
export interface ResolvedAttachments {
  /** Attachment objects as Discord returns them. */
  attachments: JsonObject[];
  /** New files to store. */
  files: StoredFile[];
}

/**
 * Resolves a body's `attachments` the way Discord does: each entry either names an upload by its placeholder
 * (`files[n]` ↔ `id: n`) or keeps an attachment the message already has (by its id); anything else is 50035
 * ATTACHMENT_NOT_FOUND. Without an `attachments` array every upload is attached (edits keep the old ones
 * too). Undefined when the body neither lists attachments nor uploads any (nothing changes).
 * @param body - message JSON
 * @param context - uploads, previous attachments, ids and URLs
 */
export function resolveAttachments(
  body: JsonObject,
  context: AttachmentContext,
): ResolvedAttachments | undefined {
  const listed = Array.isArray(body.attachments) ? (body.attachments as unknown[]) : undefined;
  if (listed === undefined && context.uploads.length === 0) return undefined;
  const entries: unknown[] = listed ?? [
    ...context.previous,
    ...context.uploads.map((file) => ({ id: file.placeholder })),
  ];
  const errors: FieldError[] = [];
  const attachments: JsonObject[] = [];
  const files: StoredFile[] = [];
  entries.forEach((entry, index) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as JsonObject).id : undefined;
    const upload = context.uploads.find((file) => file.placeholder === String(id));
    const kept = context.previous.find((attachment) => attachment.id === String(id));
    if (kept && !upload) {
      attachments.push(kept);
      return;
    }
    if (!upload) {
      errors.push({
        path: [...context.path, index],
        code: 'ATTACHMENT_NOT_FOUND',
        message: 'Attachment data not found',
      });
      return;
    }
    const fields = entry as JsonObject;
    const filename = typeof fields.filename === 'string' ? fields.filename : upload.filename;
    const stored: StoredFile = {
      id: context.newId(),
      channelId: context.channelId,
      filename,
      contentType: contentTypeOf(filename, upload.contentType),
      data: upload.data,
    };
    const url = context.urlOf(stored);
    const size = /\.png$/i.test(filename) ? readPngSize(upload.data) : undefined;
    files.push(stored);
    attachments.push({
      id: stored.id,
      filename,
      size: upload.data.length,
      url,
      proxy_url: url,
      content_type: stored.contentType,
      ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
      ...(size ? { width: size.width, height: size.height } : {}),
    });
  });
  if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
  if (attachments.length > AttachmentLimits.maxFiles) {
    throw new ApiError(
      400,
      ErrorCode.maximumAttachments,
      `Maximum number of attachments in a message reached (${AttachmentLimits.maxFiles})`,
    );
  }
  return { attachments, files };
}

/** Attachment bytes by id, served at `/attachments/{channel}/{id}/{filename}` like Discord's CDN. */
export class AttachmentStore {
  readonly #files = new Map<string, StoredFile>();

  /**
   * Keeps files' bytes.
   * @param files - new files
   */
  add(files: readonly StoredFile[]): void {
    for (const file of files) this.#files.set(file.id, file);
  }

  /**
   * A stored file by id.
   * @param id - attachment snowflake
   */
  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  /**
   * The path a file is served at (under the double's HTTP root).
   * @param file - the stored file
   */
  static pathOf(file: Pick<StoredFile, 'channelId' | 'id' | 'filename'>): string {
    return `/attachments/${file.channelId}/${file.id}/${encodeURIComponent(file.filename)}`;
  }
}
