// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'bonded.' so features never collide.

export const zhBonded = {} as const;

export const enBonded: { readonly [K in keyof typeof zhBonded]: string } = {};
