/**
 * Filing a declaration: its trade mode, customs district and items (HS codes) checked, its enterprise,
 * bookings and inventory lists (核注清单) looked up, and the declaration stored as submitted with a
 * number of the district, year, type and sequence.
 */
import { type Outcome, refuse } from '../../domain/refusal';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { lookupHs } from '../codes/service';
import { bookOfList, type DeclarationType, declarationNo } from './clearance';
import type { CustomsContext } from './deps';
import type { DeclarationItem } from './repository';

export interface NewDeclaration {
  readonly type: DeclarationType;
  readonly tradeMode: string;
  readonly port: string;
  readonly enterpriseId?: string | undefined;
  readonly organizationId?: string | undefined;
  readonly items: ReadonlyArray<Omit<DeclarationItem, 'currency'> & { currency?: string | undefined }>;
  readonly bookingIds?: readonly string[] | undefined;
  readonly containers?: readonly string[] | undefined;
  readonly listNos?: readonly string[] | undefined;
}

/** Files a new declaration (submitted); its id, or why not. */
export async function fileDeclaration(
  ctx: CustomsContext,
  principal: Principal,
  input: NewDeclaration,
): Promise<Outcome<string>> {
  if (!/^\d{4}$/.test(input.tradeMode))
    return refuse(
      400,
      'tradeMode',
      'customs.trade_mode',
      'the trade mode (监管方式) is a 4-digit code, e.g. 0110 general trade',
      '监管方式为 4 位代码，如 0110 一般贸易',
    );
  if (!/^\d{4}$/.test(input.port))
    return refuse(
      400,
      'port',
      'customs.port',
      'the customs district (关区) is a 4-digit code',
      '关区代码为 4 位数字',
    );
  if (input.items.length === 0)
    return refuse(
      400,
      'items',
      'customs.items',
      'a declaration has at least one item',
      '报关单至少有一项商品',
    );
  const items: DeclarationItem[] = [];
  for (const [i, it] of input.items.entries()) {
    const digits = it.hsCode.replace(/[.\s]/g, '');
    const hs = lookupHs(/^\d{6,10}$/.test(digits) ? digits.slice(0, 6) : it.hsCode, `items.${i}.hsCode`);
    if (!hs.ok) return { ok: false, error: { ...hs.error, status: 400 } };
    items.push({ ...it, hsCode: digits, currency: it.currency ?? 'CNY' });
  }
  // whose declaration: the caller's organization; customs or the operator may file for an enterprise
  let organizationId = principal.organizationId;
  let enterpriseId: string | null = null;
  if (input.enterpriseId) {
    const e = await ctx.deps.enterprises.get(principal, input.enterpriseId);
    if (!e)
      return refuse(
        404,
        'enterpriseId',
        'customs.enterprise_unknown',
        `no enterprise ${input.enterpriseId}`,
        `没有企业 ${input.enterpriseId}`,
      );
    enterpriseId = e.id;
    if (seesAllTenants(principal)) organizationId = e.organizationId;
  }
  if (input.organizationId && seesAllTenants(principal) && !input.enterpriseId)
    organizationId = input.organizationId;
  for (const [i, id] of (input.bookingIds ?? []).entries()) {
    if (!(await ctx.deps.bookings.get(principal, id)))
      return refuse(404, `bookingIds.${i}`, 'customs.booking_unknown', `no booking ${id}`, `没有订舱 ${id}`);
  }
  const listNos = [...new Set(input.listNos ?? [])];
  for (const [i, listNo] of listNos.entries()) {
    const book = bookOfList(listNo);
    const lists = book ? await ctx.deps.bonded.listMovements(principal, book) : undefined;
    if (!lists?.ok || !lists.value.some((m) => m.listNo === listNo))
      return refuse(
        404,
        `listNos.${i}`,
        'customs.list_unknown',
        `no inventory list ${listNo} (核注清单编号 QD + book no. + sequence)`,
        `没有核注清单 ${listNo}`,
      );
  }
  const containers = [...new Set(input.containers ?? [])];
  const at = ctx.now();
  const id = declarationNo(input.port, at.getUTCFullYear(), input.type, await ctx.repo.nextSeq());
  await ctx.repo.transaction(async (tx) => {
    await tx.insert({
      id,
      organization_id: organizationId,
      enterprise_id: enterpriseId,
      type: input.type,
      trade_mode: input.tradeMode,
      port: input.port,
      items,
      booking_ids: [...new Set(input.bookingIds ?? [])],
      containers,
      list_nos: listNos,
      status: 'submitted',
      status_at: at.toISOString(),
      lists_deducted_at: null,
      deduction_problems: null,
      created_by: principal.username,
    });
    await tx.setStatus(id, 'submitted', at.toISOString(), 'declared', principal.username);
  });
  return { ok: true, value: id };
}
