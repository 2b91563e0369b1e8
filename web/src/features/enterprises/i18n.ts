// This feature's words, zh (the reference) and en with the same keys; spread into i18n/zh.ts and en.ts.
// Keys start with 'enterprises.' so features never collide.

export const zhEnterprises = {} as const;

export const enEnterprises: { readonly [K in keyof typeof zhEnterprises]: string } = {};
