// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'ecommerce.' so features never collide.

export const zhEcommerce = {} as const;

export const enEcommerce: { readonly [K in keyof typeof zhEcommerce]: string } = {};
