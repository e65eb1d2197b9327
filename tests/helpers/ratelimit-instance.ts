/**
 * One "app instance" for tests/integration/ratelimit-instances.test.ts: a separate Node process
 * with its own postgres.js pool on DATABASE_URL, answering GET /?kind=…&key=… exactly as the app's
 * routes do — lib/server/ratelimit's limit(), and on refusal lib/server/ratelimit/response's 429
 * with Retry-After and the localized message. Run with tsx --conditions=react-server.
 */
import { createServer } from 'node:http';
import { getDb } from '../../lib/server/db/client';
import { limit, RateLimitError } from '../../lib/server/ratelimit';
import { rateLimitedResponse } from '../../lib/server/ratelimit/response';

const port = Number(process.argv[2]);
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  limit(url.searchParams.get('kind') ?? '', url.searchParams.get('key') ?? '')
    .then(() => {
      res.writeHead(204, { 'X-Instance': String(process.pid) }).end();
    })
    .catch(async (e: unknown) => {
      if (!(e instanceof RateLimitError)) {
        res.writeHead(500).end(String(e));
        return;
      }
      const r = rateLimitedResponse(e, { locale: 'zh-CN', accept: req.headers.accept ?? null });
      res.writeHead(r.status, { ...Object.fromEntries(r.headers), 'X-Instance': String(process.pid) }).end(await r.text());
    });
});
await getDb();
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
process.on('SIGTERM', () => {
  server.close();
  void getDb()
    .then((db) => db.close())
    .finally(() => process.exit(0));
});
