// PDFs from bytes main has already read, drawn by pdf.js onto a canvas a page at a time rather
// than handed to the browser's PDF plugin: no plugin (object-src stays 'none'), no script inside the
// PDF ever runs, and the same code draws them in Electron and in the test Chromium. Loaded on first
// use: pdf.js is most of a megabyte the app does not need to start.
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';

GlobalWorkerOptions.workerSrc = workerUrl;

export default function PdfPreview({ bytes }: { bytes: Uint8Array }) {
  const [doc, setDoc] = useState<PDFDocumentProxy>();
  const [error, setError] = useState<string>();
  const [page, setPage] = useState(1);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // pdf.js takes the buffer over (it moves it to its worker): it gets a copy.
    const task = getDocument({ data: bytes.slice(), useWasm: false, enableXfa: false });
    task.promise.then(
      (loaded) => {
        setDoc(loaded);
        setPage(1);
      },
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      setDoc(undefined);
      void task.destroy();
    };
  }, [bytes]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    const target = canvas.current;
    let cancelled = false;
    let render: { cancel(): void; promise: Promise<void> } | undefined;
    void doc.getPage(page).then((p) => {
      if (cancelled) return;
      // Drawn at the pane's width (and the screen's pixel density), shown scaled down by CSS.
      const width = target.parentElement?.clientWidth || 600;
      const base = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (width / base.width) * (window.devicePixelRatio || 1) });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      render = p.render({ canvas: target, viewport });
      render.promise.then(
        () => target.setAttribute('data-rendered', String(page)),
        () => undefined, // cancelled by a page turn
      );
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [doc, page]);

  // In the larger view the keys turn pages at once (Space still closes it: it bubbles up there).
  useEffect(() => {
    if (doc && box.current?.closest('.quick-look')) box.current.focus();
  }, [doc]);

  if (error)
    return (
      <p className="muted" data-testid="preview-pdf-error">
        This PDF cannot be shown: {error}
      </p>
    );
  const pages = doc?.numPages ?? 0;
  return (
    <div
      ref={box}
      className="preview-pdf"
      data-testid="preview-pdf"
      // It turns pages with ← → PgUp PgDn only: ↑ ↓ stay the larger look's (next object).
      data-vertical-arrows="pass"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'PageDown' || e.key === 'ArrowRight') setPage((n) => Math.min(pages, n + 1));
        else if (e.key === 'PageUp' || e.key === 'ArrowLeft') setPage((n) => Math.max(1, n - 1));
        else return;
        e.preventDefault();
      }}
    >
      <div className="preview-pdf-bar">
        <button type="button" disabled={page <= 1} onClick={() => setPage((n) => n - 1)} aria-label="Previous page">
          ‹
        </button>
        <span data-testid="preview-pdf-page">{pages ? `Page ${page} of ${pages}` : 'Opening…'}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage((n) => n + 1)} aria-label="Next page">
          ›
        </button>
      </div>
      <canvas ref={canvas} className="preview-pdf-page" />
    </div>
  );
}
