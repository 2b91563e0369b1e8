// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'transshipment.' so features never collide.

export const zhTransshipment = {} as const;

export const enTransshipment: { readonly [K in keyof typeof zhTransshipment]: string } = {};
