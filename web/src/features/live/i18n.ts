// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'live.' so features never collide.

export const zhLive = {} as const;

export const enLive: { readonly [K in keyof typeof zhLive]: string } = {};
