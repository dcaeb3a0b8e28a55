// Products, prices, tax rates, coupons: the catalog invoices are built from.
import { invalid } from "../errors";
import { createdFilter, andFilters, listCollection } from "../list";
import { bool, int, metadata, obj, oneOf, str } from "../params";
import { parseDecimal, ratToDecimalString } from "../money";
import type { Router } from "../router";
import type { Obj } from "../store";
import type { Emulator } from "../emulator";
import { checkAmountForCurrency, taxRegistrations } from "./invoice-build";
import { parseRecurring, parseScheme, saveTiers } from "./price-tiers";
import { checkRecurringMeter } from "./billing-meters";

export function registerCatalog(r: Router): void {
  r.add("POST", "/v1/products", ({ em, p }) => createProduct(em, str(p, "name", true)!, p));
  r.add("GET", "/v1/products/:id", ({ em, path }) => em.get("products", path.id, "product"));
  r.add("POST", "/v1/products/:id", ({ em, p, path }) => {
    const o = em.get("products", path.id, "product");
    if (p.name !== undefined) o.name = str(p, "name");
    if (p.active !== undefined) o.active = bool(p, "active");
    if (p.description !== undefined) o.description = str(p, "description") ?? null;
    o.metadata = metadata(p, o.metadata);
    o.updated = em.clock.now();
    em.emit("product.updated", o);
    return o;
  });
  r.add("GET", "/v1/products", ({ em, p, url }) => listCollection(em.store.c.products, p, url, activeFilter(p)));

  r.add("POST", "/v1/prices", ({ em, p }) => {
    const currency = str(p, "currency", true)!.toLowerCase();
    let product = str(p, "product");
    const pd = obj(p, "product_data");
    if (!product && pd) product = createProduct(em, String(pd.name ?? ""), pd).id;
    if (!product) throw invalid("Missing required param: product.", "product", "parameter_missing");
    em.get("products", product, "product", "product");
    const ua = int(p, "unit_amount");
    const uad = p.unit_amount_decimal !== undefined ? parseDecimal(p.unit_amount_decimal) : null;
    if (p.unit_amount_decimal !== undefined && !uad) throw invalid("Invalid decimal: unit_amount_decimal", "unit_amount_decimal");
    if (ua !== undefined && uad) throw invalid("You may only specify one of unit_amount and unit_amount_decimal.", "unit_amount");
    const scheme = parseScheme(p, ua !== undefined || uad !== null);
    if (scheme.fields.billing_scheme === "per_unit" && ua === undefined && !uad)
      throw invalid("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
    const dec = scheme.tiers ? null : uad ? ratToDecimalString(uad) : String(ua);
    const recurring = parseRecurring(p);
    checkRecurringMeter(em, recurring);
    const price: Obj = {
      id: em.newId("price"),
      object: "price",
      active: true,
      billing_scheme: scheme.fields.billing_scheme,
      created: em.clock.now(),
      currency,
      custom_unit_amount: null,
      livemode: em.livemode,
      lookup_key: str(p, "lookup_key") ?? null,
      metadata: metadata(p),
      nickname: str(p, "nickname") ?? null,
      product,
      recurring,
      tax_behavior: oneOf(p, "tax_behavior", ["inclusive", "exclusive", "unspecified"] as const) ?? "unspecified",
      tiers_mode: scheme.fields.tiers_mode,
      transform_quantity: scheme.fields.transform_quantity,
      type: recurring ? "recurring" : "one_time",
      unit_amount: dec !== null && /^-?\d+$/.test(dec) ? Number(dec) : null,
      unit_amount_decimal: dec,
    };
    if (scheme.tiers) saveTiers(em, price.id, scheme.tiers);
    const inserted = em.store.c.prices.insert(price);
    // Stripe announces catalog changes like any other object's (a portal learns prices from them).
    em.emit("price.created", inserted);
    return inserted;
  });
  r.add("GET", "/v1/prices/:id", ({ em, path }) => em.get("prices", path.id, "price"));
  r.add("POST", "/v1/prices/:id", ({ em, p, path }) => {
    const o = em.get("prices", path.id, "price");
    if (p.active !== undefined) o.active = bool(p, "active");
    if (p.nickname !== undefined) o.nickname = str(p, "nickname") ?? null;
    o.metadata = metadata(p, o.metadata);
    em.emit("price.updated", o);
    return o;
  });
  r.add("GET", "/v1/prices", ({ em, p, url }) => {
    const product = str(p, "product");
    const currency = str(p, "currency");
    return listCollection(
      em.store.c.prices,
      p,
      url,
      andFilters(activeFilter(p), product ? (o) => o.product === product : undefined, currency ? (o) => o.currency === currency : undefined),
    );
  });

  // Stripe Tax registrations: where the account collects tax (invoice-build's stripeTaxability).
  r.add("POST", "/v1/tax/registrations", ({ em, p }) => {
    const country = str(p, "country", true)!.toUpperCase();
    taxRegistrations(em).add(country);
    const now = em.clock.now();
    return {
      id: em.newId("taxreg"),
      object: "tax.registration",
      active_from: now,
      country,
      country_options: {},
      created: now,
      expires_at: null,
      livemode: em.livemode,
      status: "active",
    };
  });

  r.add("POST", "/v1/tax_rates", ({ em, p }) => {
    const pct = parseDecimal(p.percentage);
    if (!pct || pct.n < 0n) throw invalid("Invalid percentage.", "percentage", "parameter_missing");
    const inclusive = bool(p, "inclusive");
    if (inclusive === undefined) throw invalid("Missing required param: inclusive.", "inclusive", "parameter_missing");
    const percentage = Number(ratToDecimalString(pct));
    const t: Obj = {
      id: em.newId("txr"),
      object: "tax_rate",
      active: bool(p, "active") ?? true,
      country: str(p, "country") ?? null,
      created: em.clock.now(),
      description: str(p, "description") ?? null,
      display_name: str(p, "display_name", true)!,
      effective_percentage: percentage,
      flat_amount: null,
      inclusive,
      jurisdiction: str(p, "jurisdiction") ?? null,
      jurisdiction_level: null,
      livemode: em.livemode,
      metadata: metadata(p),
      percentage,
      rate_type: "percentage",
      state: str(p, "state") ?? null,
      tax_type: str(p, "tax_type") ?? null,
    };
    em.store.meta.set(t.id, { percentage: ratToDecimalString(pct) });
    return em.store.c.tax_rates.insert(t);
  });
  r.add("GET", "/v1/tax_rates/:id", ({ em, path }) => em.get("tax_rates", path.id, "tax rate"));
  r.add("POST", "/v1/tax_rates/:id", ({ em, p, path }) => {
    const o = em.get("tax_rates", path.id, "tax rate");
    if (p.active !== undefined) o.active = bool(p, "active");
    if (p.display_name !== undefined) o.display_name = str(p, "display_name");
    o.metadata = metadata(p, o.metadata);
    return o;
  });
  r.add("GET", "/v1/tax_rates", ({ em, p, url }) => listCollection(em.store.c.tax_rates, p, url, andFilters(activeFilter(p), createdFilter(p))));

  r.add("POST", "/v1/coupons", ({ em, p }) => {
    const pct = p.percent_off !== undefined ? parseDecimal(p.percent_off) : null;
    const amountOff = int(p, "amount_off");
    if (!pct && amountOff === undefined) throw invalid("You must pass either percent_off or amount_off.", "percent_off");
    if (pct && (pct.n <= 0n || pct.n > 100n * pct.d)) throw invalid("percent_off must be between 0 and 100.", "percent_off");
    const currency = str(p, "currency")?.toLowerCase();
    if (amountOff !== undefined && !currency) throw invalid("You must pass currency when passing amount_off.", "currency");
    if (amountOff !== undefined) checkAmountForCurrency(amountOff, currency!, "amount_off");
    const id = str(p, "id") ?? "Co" + em.newId("coupon").slice(-8);
    if (em.store.c.coupons.get(id)) throw invalid("Coupon already exists.", "id", "resource_already_exists");
    const c: Obj = {
      id,
      object: "coupon",
      amount_off: amountOff ?? null,
      created: em.clock.now(),
      currency: amountOff !== undefined ? currency : null,
      duration: oneOf(p, "duration", ["once", "repeating", "forever"] as const) ?? "once",
      duration_in_months: int(p, "duration_in_months") ?? null,
      livemode: em.livemode,
      max_redemptions: int(p, "max_redemptions") ?? null,
      metadata: metadata(p),
      name: str(p, "name") ?? null,
      percent_off: pct ? Number(ratToDecimalString(pct)) : null,
      redeem_by: int(p, "redeem_by") ?? null,
      times_redeemed: 0,
      valid: true,
    };
    if (pct) em.store.meta.set("coupon:" + id, { percent_off: ratToDecimalString(pct) });
    return em.store.c.coupons.insert(c);
  });
  r.add("GET", "/v1/coupons/:id", ({ em, path }) => em.get("coupons", path.id, "coupon"));
  r.add("POST", "/v1/coupons/:id", ({ em, p, path }) => {
    const o = em.get("coupons", path.id, "coupon");
    if (p.name !== undefined) o.name = str(p, "name") ?? null;
    o.metadata = metadata(p, o.metadata);
    return o;
  });
  r.add("DELETE", "/v1/coupons/:id", ({ em, path }) => {
    const o = em.get("coupons", path.id, "coupon");
    em.store.c.coupons.delete(o.id);
    return { id: o.id, object: "coupon", deleted: true };
  });
  r.add("GET", "/v1/coupons", ({ em, p, url }) => listCollection(em.store.c.coupons, p, url, createdFilter(p)));
}

function activeFilter(p: Obj) {
  const a = bool(p, "active");
  return a === undefined ? undefined : (o: Obj) => o.active === a;
}

function createProduct(em: Emulator, name: string, p: Obj): Obj {
  if (!name) throw invalid("Missing required param: name.", "name", "parameter_missing");
  const now = em.clock.now();
  const o: Obj = {
    id: (typeof p.id === "string" && p.id) || em.newId("prod"),
    object: "product",
    active: true,
    created: now,
    default_price: null,
    description: typeof p.description === "string" ? p.description : null,
    images: [],
    livemode: em.livemode,
    marketing_features: [],
    metadata: metadata(p),
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
  const inserted = em.store.c.products.insert(o);
  em.emit("product.created", inserted);
  return inserted;
}
