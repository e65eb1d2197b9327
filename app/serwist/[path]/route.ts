import { createSerwistRoute } from '@serwist/turbopack';

// Builds app/sw.ts with esbuild and serves it (and its source map) at /serwist/sw.js.
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: 'app/sw.ts',
  useNativeEsbuild: true,
  // Precache the offline fallback page together with the static build assets.
  additionalPrecacheEntries: [{ url: '/offline', revision: `${Date.now()}` }],
});
