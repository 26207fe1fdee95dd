import type { QRCodeToStringOptions } from 'qrcode';

/** The event a paper copy was printed at: the last one of the case's stream. */
export interface PrintedHead {
  readonly revision: number;
  readonly position: number;
  readonly hash: string;
}

/**
 * What a printed form's QR code says: the case's verification URL, with the head the copy was printed at
 * in the fragment — `…/api/v1/{resource}/{id}/verification#revision=R&position=P&hash=H`. Scanned, it
 * opens the verification (with a token), which recomputes the chain; the fragment, which a browser never
 * sends, tells the checker which event the paper shows as last: the history must hold that revision at
 * that position with that hash. A copy printed before later steps still checks, against its own head.
 */
export function verificationLink(origin: string, resource: string, id: string, head: PrintedHead): string {
  const fragment = new URLSearchParams({
    revision: String(head.revision),
    position: String(head.position),
    hash: head.hash,
  });
  return `${origin}/api/v1/${resource}/${id}/verification#${fragment.toString()}`;
}

/**
 * SVG, so the code prints sharp at any size, and the same link always gives the same markup in the
 * browser and in Node (the browser test draws it again and compares); medium error correction survives
 * a crease or a stamp over a corner of the code.
 */
export const QR_OPTIONS: QRCodeToStringOptions = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 };

/** The SVG markup as an image source. */
export function svgImageSource(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
