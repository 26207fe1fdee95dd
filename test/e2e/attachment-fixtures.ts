import type { Caller, EngineUnderTest } from './engine-under-test.js';

/** A one-page PDF: what a scanned document looks like to the engine (bytes it seals, never reads). */
export const SCANNED_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * Attaches a scanned document of `kind` to the case as `caller` (a role that works the case type), the way
 * a step declared in the module's `requiredDocuments` asks for it first (goodwill from v3: the waiver scan
 * before `confirm-waiver`, the settlement sheet before `settle`).
 */
export async function attachDocument(
  engine: EngineUnderTest,
  caller: Caller,
  resource: string,
  caseId: string,
  kind: string,
): Promise<void> {
  const query = new URLSearchParams({ kind, fileName: `${kind}.pdf` });
  const response = await fetch(`${engine.baseUrl}/api/v1/${resource}/${caseId}/attachments?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await engine.token(caller)}`, 'content-type': 'application/pdf' },
    body: SCANNED_PDF,
  });
  if (response.status !== 201)
    throw new Error(
      `${kind} not attached to ${resource}/${caseId}: ${response.status} ${await response.text()}`,
    );
}
