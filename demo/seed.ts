import { withTenant, type Sql } from '../api/src/db/client';
import { PreTenantLookups } from '../api/src/db/pre-tenant';
import { createTenant, rotateApiKey } from '../api/src/db/tenants';

export const DEMO_TENANT = 'acme-demo';
/** The demo profile's greeting; a German page (`lang="de"`) shows the German one, like the widget's own words. */
const DEMO_SALUTATION = {
  en: 'Hi! Here is the latest on your repair.',
  de: 'Hallo! Hier steht, wie es um Ihre Reparatur steht.',
};

/**
 * Makes sure the demo company exists and allows the demo site's origins, and returns a fresh API key for the
 * demo server to use (held in memory only; earlier demo keys stop working). Seeds one ticket on first start.
 */
export async function ensureDemoTenant(
  sql: Sql,
  demoOrigins: string[],
  portalUrl: string,
): Promise<{ tenantId: string; apiKey: string; created: boolean }> {
  const existing = await new PreTenantLookups(sql).tenantByPublicId(DEMO_TENANT);
  if (!existing) {
    const { tenantId, apiKey } = await createTenant(sql, {
      name: 'Acme Printer Repair',
      origins: demoOrigins,
      portalUrl,
      publicId: DEMO_TENANT,
    });
    await withTenant(
      sql,
      tenantId,
      (tx) => tx`
      update portal_profiles set salutation = ${tx.json(DEMO_SALUTATION)},
        redirect_url = ${demoOrigins[0]!}, theme = ${tx.json({ colorPrimary: '#c2410c' })},
        modules = modules || '{messages}'
      where is_default`,
    );
    return { tenantId, apiKey, created: true };
  }
  await withTenant(
    sql,
    existing,
    (tx) => tx`update tenants set allowed_origins = ${demoOrigins}, portal_url = ${portalUrl}`,
  );
  const apiKey = await rotateApiKey(sql, existing, 0, new Date());
  return { tenantId: existing, apiKey, created: false };
}
