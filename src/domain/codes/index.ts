// Domain codes: container numbers and size-types (ISO 6346), countries (ISO 3166-1), places (UN/LOCODE),
// railway station codes, HS goods codes, dangerous goods, units — and their zod schemas.
export * from './country';
export * from './dangerous-goods';
export * from './hs';
export * from './iso6346';
export * from './railway';
export * from './schemas';
export * from './size-type';
export * from './units';
export * from './unlocode';
