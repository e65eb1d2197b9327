/**
 * Photo compression off the main thread: decode (EXIF orientation applied by createImageBitmap),
 * scale and re-encode on an OffscreenCanvas, so typing and scrolling stay smooth on a weak phone
 * while a 12 MP photo is shrunk. The same code as the main-thread fallback (compress-image.ts).
 */
import { compressImage, type CompressOptions, type CompressResult } from '../compress-image';

export type CompressRequest = { id: number; file: Blob; opts?: CompressOptions };
export type CompressReply = { id: number; result: CompressResult };

// Typed locally: the project's TypeScript program uses the DOM lib, not the webworker one.
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CompressRequest>) => void) | null;
  postMessage: (message: CompressReply) => void;
};

scope.onmessage = (e) => {
  const { id, file, opts } = e.data;
  void compressImage(file, opts).then((result) => scope.postMessage({ id, result }));
};
