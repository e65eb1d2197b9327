'use client';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

interface View {
  x: number;
  y: number;
  scale: number;
  rotate: number;
}

const START: View = { x: 0, y: 0, scale: 1, rotate: 0 };
const MIN = 1;
const MAX = 8;
const clamp = (s: number) => Math.min(MAX, Math.max(MIN, s));

export interface PhotoViewerLabels {
  zoomIn: string;
  zoomOut: string;
  rotate: string;
  reset: string;
  hint: string;
}

/**
 * An ID photo a reviewer can inspect on a tablet: pinch or wheel to zoom, drag to pan, rotate in
 * quarter turns (phones often store a card sideways), double-tap to zoom in or back. CSS transforms
 * and pointer events only — no library, nothing leaves the page.
 */
export function PhotoViewer({ src, alt, labels, testId }: { src: string; alt: string; labels: PhotoViewerLabels; testId?: string }) {
  const [view, setView] = useState<View>(START);
  const box = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ dist: number; scale: number } | null>(null);

  const distance = () => {
    const [a, b] = [...pointers.current.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };

  const onDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) pinch.current = { dist: distance(), scale: view.scale };
  };

  const onMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const prev = pointers.current.get(e.pointerId);
    if (!prev) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size >= 2 && pinch.current) {
      const p = pinch.current;
      const d = distance();
      if (p.dist > 0) setView((v) => ({ ...v, scale: clamp((p.scale * d) / p.dist) }));
    } else if (pointers.current.size === 1) {
      const dx = e.clientX - prev.x;
      const dy = e.clientY - prev.y;
      setView((v) => (v.scale > 1 ? { ...v, x: v.x + dx, y: v.y + dy } : v));
    }
  };

  const onUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling; React's is passive.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      setView((v) => {
        const scale = clamp(v.scale * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
        return scale === 1 ? { ...v, scale, x: 0, y: 0 } : { ...v, scale };
      });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (f: number) =>
    setView((v) => {
      const scale = clamp(v.scale * f);
      return scale === 1 ? { ...v, scale, x: 0, y: 0 } : { ...v, scale };
    });
  const button = 'tap min-w-11 rounded-lg border border-slate-300 bg-white px-2 text-sm text-slate-700 active:bg-slate-100';

  return (
    <figure className="space-y-2" data-testid={testId}>
      <div
        ref={box}
        className="relative flex aspect-[1.586] touch-none select-none items-center justify-center overflow-hidden rounded-xl bg-slate-800"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        onDoubleClick={() => setView((v) => (v.scale > 1 ? { ...START, rotate: v.rotate } : { ...v, scale: 2.5 }))}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived signed URL, not an optimisable asset */}
        <img
          src={src}
          alt={alt}
          draggable={false}
          className="max-h-full max-w-full origin-center object-contain will-change-transform"
          style={{ transform: `translate(${view.x}px, ${view.y}px) rotate(${view.rotate}deg) scale(${view.scale})` }}
        />
      </div>
      <figcaption className="flex items-center gap-1">
        <button type="button" className={button} onClick={() => zoom(1.25)} aria-label={labels.zoomIn} title={labels.zoomIn}>
          ＋
        </button>
        <button type="button" className={button} onClick={() => zoom(0.8)} aria-label={labels.zoomOut} title={labels.zoomOut}>
          －
        </button>
        <button
          type="button"
          className={button}
          onClick={() => setView((v) => ({ ...v, rotate: (v.rotate + 90) % 360 }))}
          aria-label={labels.rotate}
          title={labels.rotate}
        >
          ⟳
        </button>
        <button type="button" className={button} onClick={() => setView(START)}>
          {labels.reset}
        </button>
        <span className="ml-auto text-xs text-slate-500">
          {Math.round(view.scale * 100)}% · {labels.hint}
        </span>
      </figcaption>
    </figure>
  );
}
