import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solidPng } from '../test/png.ts';
import {
  AttachmentLimits,
  checkUploads,
  readPngSize,
  resolveAttachments,
  type UploadedFile,
} from './attachments.ts';
import { ApiError } from './errors.ts';

const upload = (filename: string, data: Buffer, placeholder = '0'): UploadedFile => ({
  field: `files[${placeholder}]`,
  placeholder,
  filename,
  contentType: undefined,
  data,
});

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('readPngSize', () => {
  it('reads the size of a well-formed PNG', () => {
    expect(readPngSize(solidPng(640, 360))).toEqual({ width: 640, height: 360 });
  });

  it('refuses a wrong signature, a bad CRC, trailing bytes and a zero width', () => {
    const png = solidPng(4, 3);
    const badSignature = Buffer.from(png);
    badSignature[1] = 0x51;
    const badCrc = Buffer.from(png);
    badCrc[29] = (badCrc[29] ?? 0) ^ 0xff; // last byte of IHDR's CRC
    const zeroWidth = solidPng(4, 3);
    zeroWidth.writeUInt32BE(0, 16);
    expect(readPngSize(badSignature)).toBeUndefined();
    expect(readPngSize(badCrc)).toBeUndefined();
    expect(readPngSize(Buffer.concat([png, Buffer.from([0])]))).toBeUndefined();
    expect(readPngSize(zeroWidth)).toBeUndefined();
    expect(readPngSize(Buffer.from('not a png at all, just some text here'))).toBeUndefined();
  });

  it('refuses every strict prefix of a PNG (a truncated upload)', () => {
    const png = solidPng(5, 5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: png.length - 1 }), (length) => {
        expect(readPngSize(png.subarray(0, length))).toBeUndefined();
      }),
    );
  });
});

describe('checkUploads', () => {
  it('accepts ten files up to 10 MiB each and any bytes under other names', () => {
    const files = Array.from({ length: AttachmentLimits.maxFiles }, (_, i) =>
      upload(`f${i}.png`, solidPng(1, 1), String(i)),
    );
    expect(() => {
      checkUploads(files);
    }).not.toThrow();
    expect(() => {
      checkUploads([upload('notes.txt', Buffer.from('not a png'))]);
    }).not.toThrow();
  });

  it("refuses an eleventh file, a file over 10 MiB and a broken .png with Discord's codes", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => upload(`f${i}.txt`, Buffer.from('x'), String(i)));
    expect(
      thrown(() => {
        checkUploads(eleven);
      }),
    ).toMatchObject({ status: 400, code: 30015 });
    const big = upload('big.bin', Buffer.alloc(AttachmentLimits.maxFileBytes + 1));
    expect(
      thrown(() => {
        checkUploads([big]);
      }),
    ).toMatchObject({ status: 413, code: 40005 });
    const fake = upload('card.PNG', Buffer.from('GIF89a pretending'));
    expect(
      thrown(() => {
        checkUploads([fake]);
      }),
    ).toMatchObject({ status: 400, code: 50046 });
  });

  it('accepts a file of exactly 10 MiB', () => {
    expect(() => {
      checkUploads([upload('edge.bin', Buffer.alloc(AttachmentLimits.maxFileBytes))]);
    }).not.toThrow();
  });
});

describe('resolveAttachments', () => {
  let next = 100;
  const context = (uploads: UploadedFile[], previous: Record<string, unknown>[] = []) => ({
    uploads,
    previous,
    channelId: 'c1',
    newId: () => String((next += 1)),
    urlOf: (file: { id: string; filename: string }) => `http://double/${file.id}/${file.filename}`,
    path: ['attachments'],
  });

  it('matches `files[n]` to `attachments[].id` and keeps listed old attachments', () => {
    const png = solidPng(8, 4);
    const kept = { id: '42', filename: 'old.png', size: 1, url: 'u', proxy_url: 'u' };
    const resolved = resolveAttachments(
      { attachments: [{ id: '42' }, { id: 1, filename: 'card.png', description: 'a card' }] },
      context([upload('ignored.png', png, '1')], [kept, { id: '43', filename: 'dropped.png' }]),
    );
    expect(resolved?.attachments).toEqual([
      kept,
      expect.objectContaining({
        filename: 'card.png',
        size: png.length,
        content_type: 'image/png',
        width: 8,
        height: 4,
        description: 'a card',
      }),
    ]);
    expect(resolved?.files.map((file) => file.data)).toEqual([png]);
  });

  it('refuses an id that is neither an upload nor an attachment the message has (ATTACHMENT_NOT_FOUND)', () => {
    const error = thrown(() => resolveAttachments({ attachments: [{ id: 7 }] }, context([])));
    expect(error.code).toBe(50035);
    expect(error.toBody()).toMatchObject({
      errors: { attachments: { '0': { _errors: [{ code: 'ATTACHMENT_NOT_FOUND' }] } } },
    });
  });

  it('changes nothing without uploads or a list, and attaches every upload without a list', () => {
    expect(resolveAttachments({ content: 'hi' }, context([]))).toBeUndefined();
    const resolved = resolveAttachments({}, context([upload('a.txt', Buffer.from('a'))]));
    expect(resolved?.attachments).toMatchObject([
      { filename: 'a.txt', content_type: 'text/plain; charset=utf-8' },
    ]);
  });
});
