// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / wasm / ESM-heavy server packages stay as Node requires instead of being bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'sharp', 'oidc-provider', 'ws'],
  poweredByHeader: false,
  turbopack: {
    // Phones get libphonenumber's 'min' metadata (20 KB gzipped, not 40): the identity form's
    // checks as the student types need no phone types; the server keeps 'max' and judges every
    // submission (lib/identity/phone.ts, decision 138).
    resolveAlias: { 'libphonenumber-js/max': { browser: 'libphonenumber-js/min' } },
  },
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
