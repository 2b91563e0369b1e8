import { describe, expect, it } from 'vitest';
import { checkContainer, checkCountry, checkSizeType, checkUnlocode, lookupHs, warmHsTable } from './service';

describe('codes service', () => {
  it('checks a container number and names the field and the expected digit', () => {
    expect(checkContainer('CSQU3054383')).toEqual({
      ok: true,
      value: { number: 'CSQU3054383', ownerCode: 'CSQ', category: 'U', serial: '305438', checkDigit: 3 },
    });
    const bad = checkContainer('CSQU3054384');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({
      field: 'number',
      code: 'iso6346.check_digit',
      details: { expected: 3 },
    });
    expect(bad.error.message.en).toContain('check digit should be 3');
    expect(bad.error.message.zh).toContain('校验位应为 3');
  });

  it('looks up an HS code in the shipped table with its chain', () => {
    expect(warmHsTable()).toBe(6939);
    const r = lookupHs('2002.10');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.description.toLowerCase()).toContain('tomatoes');
    expect(r.value.parents.map((p) => p.code)).toEqual(['2002', '20']);
    expect(r.value.section?.id).toBe('IV');
    const unknown = lookupHs('7700', 'hsCode');
    expect(!unknown.ok && unknown.error).toMatchObject({ field: 'hsCode', code: 'hs.unknown' });
    const malformed = lookupHs('77000');
    expect(!malformed.ok && malformed.error.code).toBe('hs.format');
  });

  it('checks UN/LOCODEs, countries and size-types', () => {
    expect(checkUnlocode('CN URM')).toEqual({
      ok: true,
      value: { code: 'CNURM', country: 'CN', location: 'URM' },
    });
    const kz = checkCountry('KAZ');
    expect(kz.ok && kz.value.names.zh).toBe('哈萨克斯坦');
    const st = checkSizeType('45R1');
    expect(st.ok && [st.value.kind, st.value.highCube, st.value.teu]).toEqual(['reefer', true, 2]);
    expect(!checkCountry('QQ').ok && checkCountry('QQ')).toMatchObject({
      error: { field: 'code', code: 'country.unknown' },
    });
  });
});
