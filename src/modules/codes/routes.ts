/** HTTP of the codes capability: check container numbers, size-types, countries, UN/LOCODEs; look up HS codes. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Result } from '../../domain/result';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { checkContainer, checkCountry, checkSizeType, checkUnlocode, lookupHs } from './service';

const PUBLIC: Access = { roles: 'public', scope: 'none' };
const Bilingual = z.object({ en: z.string(), zh: z.string() });

function valueOrProblem<T>(result: Result<T>, notFoundCodes: readonly string[] = []): T {
  if (result.ok) return result.value;
  const p = Problem.invalid(result.error);
  if (notFoundCodes.includes(result.error.code)) {
    throw new Problem(404, result.error.message, [result.error], result.error.code);
  }
  throw p;
}

const codeParam = (description: string) =>
  z.object({ code: z.string().min(1).max(64).describe(description) });

export const codesRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/v1/codes/containers/:number',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['codes'],
        summary: 'Check an ISO 6346 container number (owner code, category, serial, check digit)',
        params: z.object({ number: z.string().min(1).max(64).describe('e.g. CSQU3054383') }),
        response: {
          200: z.object({
            number: z.string(),
            ownerCode: z.string(),
            category: z.enum(['U', 'J', 'Z']),
            serial: z.string(),
            checkDigit: z.number().int(),
          }),
        },
      },
    },
    async (request) => valueOrProblem(checkContainer(request.params.number)),
  );

  app.get(
    '/api/v1/codes/hs/:code',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['codes'],
        summary: 'Look up an HS 2022 code of 2, 4 or 6 digits (dots allowed: 2002.10)',
        params: codeParam('e.g. 2002, 2002.10, 72'),
        response: {
          200: z.object({
            code: z.string(),
            display: z.string(),
            description: z.string(),
            level: z.union([z.literal(2), z.literal(4), z.literal(6)]),
            chapter: z.string(),
            heading: z.string().nullable(),
            section: z.object({ id: z.string(), name: z.string() }).nullable(),
            parents: z.array(
              z.object({ code: z.string(), description: z.string(), level: z.number().int() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const v = valueOrProblem(lookupHs(request.params.code), ['hs.unknown']);
      return {
        code: v.code,
        display: v.display,
        description: v.description,
        level: v.level,
        chapter: v.chapter,
        heading: v.heading ?? null,
        section: v.section,
        parents: v.parents.map((p) => ({ code: p.code, description: p.description, level: p.level })),
      };
    },
  );

  app.get(
    '/api/v1/codes/size-types/:code',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['codes'],
        summary: 'Explain an ISO 6346 size-type code (22G1, 45R1, L5G1 …)',
        params: codeParam('e.g. 45G1'),
        response: {
          200: z.object({
            code: z.string(),
            lengthFt: z.number().int(),
            lengthMm: z.number().int(),
            heightMm: z.number().int(),
            highCube: z.boolean(),
            kind: z.string(),
            teu: z.number(),
            name: Bilingual,
          }),
        },
      },
    },
    async (request) => {
      const s = valueOrProblem(checkSizeType(request.params.code));
      return {
        code: s.code,
        lengthFt: s.lengthFt,
        lengthMm: s.lengthMm,
        heightMm: s.heightMm,
        highCube: s.highCube,
        kind: s.kind,
        teu: s.teu,
        name: s.name,
      };
    },
  );

  app.get(
    '/api/v1/codes/countries/:code',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['codes'],
        summary: 'An ISO 3166-1 country by alpha-2 or alpha-3 code, with names in zh, en, ru, kk',
        params: codeParam('e.g. KZ or KAZ'),
        response: {
          200: z.object({
            alpha2: z.string(),
            alpha3: z.string(),
            numeric: z.string(),
            names: z.object({ en: z.string(), zh: z.string(), ru: z.string(), kk: z.string().optional() }),
          }),
        },
      },
    },
    async (request) => valueOrProblem(checkCountry(request.params.code), ['country.unknown']),
  );

  app.get(
    '/api/v1/codes/unlocodes/:code',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['codes'],
        summary: 'Check the syntax of a UN/LOCODE (country + 3 characters)',
        params: codeParam('e.g. DEDUI or DE DUI'),
        response: { 200: z.object({ code: z.string(), country: z.string(), location: z.string() }) },
      },
    },
    async (request) => valueOrProblem(checkUnlocode(request.params.code)),
  );
};
