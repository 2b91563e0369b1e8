import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type CodeIssueParams,
  containerNumberSchema,
  countryCodeSchema,
  dgClassSchema,
  esrCodeSchema,
  hsCodeSyntaxSchema,
  sizeTypeSchema,
  telegraphCodeSchema,
  unlocodeSchema,
  unNumberSchema,
} from './schemas';

describe('code schemas', () => {
  it('output the canonical form of good input', () => {
    expect(containerNumberSchema.parse('csqu 305438-3')).toBe('CSQU3054383');
    expect(sizeTypeSchema.parse('l5g1')).toBe('L5G1');
    expect(countryCodeSchema.parse('kaz')).toBe('KZ');
    expect(unlocodeSchema.parse('DE DUI')).toBe('DEDUI');
    expect(hsCodeSyntaxSchema.parse('2002.10')).toBe('200210');
    expect(unNumberSchema.parse('UN1263')).toBe('1263');
    expect(dgClassSchema.parse('Class 3')).toBe('3');
    expect(telegraphCodeSchema.parse('akr')).toBe('AKR');
    expect(esrCodeSchema.parse('708507')).toBe('708507');
  });

  it('name the field and the reason in the issue, with the code and Chinese reason in params', () => {
    const body = z.object({ container: containerNumberSchema, hs: hsCodeSyntaxSchema });
    const r = body.safeParse({ container: 'CSQU3054384', hs: '2002.1' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const [c, h] = r.error.issues;
    expect(c).toMatchObject({
      code: 'custom',
      path: ['container'],
      message: 'CSQU3054384: check digit should be 3',
    });
    const params = (c as { params?: CodeIssueParams }).params;
    expect(params).toEqual({
      code: 'iso6346.check_digit',
      zh: 'CSQU3054384：校验位应为 3',
      details: { expected: 3, actual: 4 },
    });
    expect(h).toMatchObject({ path: ['hs'] });
    expect((h as { params?: CodeIssueParams }).params?.code).toBe('hs.format');
  });

  it.each([
    [sizeTypeSchema, '22V1', 'size_type.type'],
    [countryCodeSchema, 'XX', 'country.unknown'],
    [unlocodeSchema, 'XXABC', 'unlocode.country'],
    [unNumberSchema, '0000', 'dg.un_number'],
    [dgClassSchema, '4', 'dg.class'],
    [telegraphCodeSchema, 'AK', 'railway.telegraph_code'],
    [esrCodeSchema, '708508', 'railway.esr_check_digit'],
  ] as const)('rejects bad input with its code (%#)', (schema, input, code) => {
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect((r.error.issues[0] as { params?: CodeIssueParams }).params?.code).toBe(code);
  });

  it('reject non-strings with zod’s own type issue', () => {
    expect(containerNumberSchema.safeParse(42).success).toBe(false);
  });

  it('are representable in JSON Schema for OpenAPI (input and output)', () => {
    const body = z.object({
      container: containerNumberSchema,
      sizeType: sizeTypeSchema,
      country: countryCodeSchema,
    });
    for (const io of ['input', 'output'] as const) {
      const js = z.toJSONSchema(body, { io }) as {
        properties: Record<string, { type: string; examples?: string[] }>;
      };
      expect(js.properties.container).toMatchObject({ type: 'string', examples: ['CSQU3054383'] });
      expect(js.properties.sizeType?.type).toBe('string');
    }
  });
});
