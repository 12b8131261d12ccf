/** The document's PDF drawn page by page with pdfjs-dist; on signing, a box the signer drags to their place. */
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState, type PointerEvent } from 'react';

GlobalWorkerOptions.workerSrc = new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).toString();

export interface Placement { page: number; rect: [number, number, number, number] }

const SCALE = 1.25;

export function PdfView({ url, placement, onPlace }: { url: string; placement?: Placement; onPlace?: (p: Placement) => void }) {
  const [doc, setDoc] = useState<PDFDocumentProxy>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    setDoc(undefined);
    const task = getDocument({ url, withCredentials: true, isEvalSupported: false });
    task.promise.then((d) => { if (!cancelled) setDoc(d); }, (err: Error) => { if (!cancelled) setError(err.message); });
    return () => { cancelled = true; void task.destroy(); };
  }, [url]);
  if (error) return <div role="alert">{error}</div>;
  if (!doc) return <div>…</div>;
  return (
    <div data-testid="pdf-view" style={{ background: '#eee', padding: 8, maxHeight: '80vh', overflow: 'auto' }}>
      {Array.from({ length: doc.numPages }, (_, i) => (
        <PdfPage key={i} doc={doc} index={i} placement={placement?.page === i ? placement : undefined} onPlace={onPlace} />
      ))}
    </div>
  );
}

function PdfPage({ doc, index, placement, onPlace }: { doc: PDFDocumentProxy; index: number; placement?: Placement; onPlace?: (p: Placement) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, setHeight] = useState(0);
  const drag = useRef<{ x: number; y: number; rect: Placement['rect'] } | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const page = await doc.getPage(index + 1);
      const viewport = page.getViewport({ scale: SCALE });
      const c = canvas.current;
      if (!c || cancelled) return;
      c.width = viewport.width;
      c.height = viewport.height;
      setHeight(viewport.height / SCALE);
      await page.render({ canvas: c, canvasContext: c.getContext('2d')!, viewport }).promise;
    })();
    return () => { cancelled = true; };
  }, [doc, index]);

  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current || !placement || !onPlace) return;
    const dx = (e.clientX - drag.current.x) / SCALE;
    const dy = (e.clientY - drag.current.y) / SCALE;
    const [x1, y1, x2, y2] = drag.current.rect;
    onPlace({ page: index, rect: [x1 + dx, y1 - dy, x2 + dx, y2 - dy] });
  };
  return (
    <div style={{ position: 'relative', margin: '0 auto 8px', width: 'fit-content', boxShadow: '0 1px 4px #0003' }} data-testid={`pdf-page-${index}`}>
      <canvas ref={canvas} style={{ display: 'block' }} />
      {placement && height > 0 && (
        <div data-testid="signature-box" role="button" aria-label="signature place"
          onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); drag.current = { x: e.clientX, y: e.clientY, rect: placement.rect }; }}
          onPointerMove={move} onPointerUp={() => { drag.current = undefined; }}
          style={{
            position: 'absolute', cursor: 'move', border: '2px dashed #1565c0', background: '#1565c022', touchAction: 'none',
            left: placement.rect[0] * SCALE, top: (height - placement.rect[3]) * SCALE,
            width: (placement.rect[2] - placement.rect[0]) * SCALE, height: (placement.rect[3] - placement.rect[1]) * SCALE,
          }} />
      )}
    </div>
  );
}
