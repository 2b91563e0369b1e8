// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'tracking.' so features never collide.

export const zhTracking = {} as const;

export const enTracking: { readonly [K in keyof typeof zhTracking]: string } = {};
