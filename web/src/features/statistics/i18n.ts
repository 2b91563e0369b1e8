// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'statistics.' so features never collide.

export const zhStatistics = {} as const;

export const enStatistics: { readonly [K in keyof typeof zhStatistics]: string } = {};
