// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'coldchain.' so features never collide.

export const zhColdchain = {} as const;

export const enColdchain: { readonly [K in keyof typeof zhColdchain]: string } = {};
