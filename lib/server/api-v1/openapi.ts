import 'server-only';
import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { ZListQuery, ZProblem, ZStudent, ZStudentId, ZStudentPage } from '@/lib/schemas/api-v1';

const problems = (codes: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(codes).map(([status, description]) => [status, { description, content: { 'application/problem+json': { schema: ZProblem } } }]),
  );

/** The OpenAPI 3.1 document, generated from the zod schemas the routes parse with. */
export function openApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Campus ID Verify — office API',
      version: '1.0.0',
      description:
        "Verified student data for university offices. Each API client belongs to one office and receives exactly that office's granted fields. Every call is audited.",
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API client token (civ_…), issued once by an administrator.' } },
    },
    paths: {
      '/students': {
        get: {
          operationId: 'listStudents',
          summary: 'List / incrementally sync verified students',
          description:
            "Pages through the office's verified students in commit order. Follow `next_cursor` until `has_more` is false; keep the last cursor and use it later to receive only what changed. Within one sync every student appears exactly once, even while records change; changes made during a sync arrive in the next one. Items with `removed: true` are no longer shared.",
          requestParams: { query: ZListQuery },
          responses: {
            '200': { description: 'A page of students', content: { 'application/json': { schema: ZStudentPage } } },
            ...problems({
              '400': 'Invalid parameters or cursor',
              '401': 'Missing, unknown, revoked or expired token',
              '403': 'The client is not active for its office',
              '429': 'Rate limit reached (see Retry-After)',
            }),
          },
        },
      },
      '/students/{id}': {
        get: {
          operationId: 'getStudent',
          summary: 'One verified student',
          requestParams: { path: z.object({ id: ZStudentId }) },
          responses: {
            '200': { description: "The student with the office's granted fields", content: { 'application/json': { schema: ZStudent } } },
            ...problems({
              '400': 'Malformed id',
              '401': 'Missing, unknown, revoked or expired token',
              '404': 'Not shared with this office',
              '429': 'Rate limit reached (see Retry-After)',
            }),
          },
        },
      },
    },
  });
}
