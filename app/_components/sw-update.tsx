'use client';

import { useEffect, useState } from 'react';

// Registers /serwist/sw.js and offers a reload when a new service worker is waiting.
export function SwUpdate() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    // After the page's own load: installing fetches the whole app shell for the precache, which
    // would otherwise compete with this page's scripts and images on a slow phone and network.
    const register = () =>
      navigator.serviceWorker
        .register('/serwist/sw.js', { scope: '/' })
        .then((reg) => {
          if (reg.waiting && navigator.serviceWorker.controller) setWaiting(reg.waiting);
          reg.addEventListener('updatefound', () => {
            const sw = reg.installing;
            sw?.addEventListener('statechange', () => {
              if (sw.state === 'installed' && navigator.serviceWorker.controller) setWaiting(sw);
            });
          });
        })
        .catch((err: unknown) => console.warn('service worker registration failed', err));
    if (document.readyState === 'complete') return void register();
    const onLoad = () => void register();
    window.addEventListener('load', onLoad, { once: true });
    return () => window.removeEventListener('load', onLoad);
  }, []);

  if (!waiting) return null;
  return (
    <div role="status" className="fixed inset-x-0 bottom-0 z-50 flex justify-center p-3">
      <button
        type="button"
        className="tap rounded-xl bg-brand-700 px-4 font-semibold text-white shadow-lg"
        onClick={() => {
          navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
          waiting.postMessage({ type: 'SKIP_WAITING' });
        }}
      >
        有新版本，点击刷新 / Update available — reload
      </button>
    </div>
  );
}
