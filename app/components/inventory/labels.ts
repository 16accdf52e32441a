// The merchant's words for what the forecast and plan report.

export const METHOD_LABELS: Record<string, string> = {
  ses: "Exponential smoothing",
  holt: "Smoothing with a damped trend",
  tsb: "Intermittent demand (TSB)",
  mean13: "13-week average",
  ensemble: "Ensemble of smoothing, trend and TSB",
};

export const CLASS_LABELS: Record<string, string> = {
  smooth: "steady",
  erratic: "erratic",
  intermittent: "intermittent",
  lumpy: "lumpy",
  new: "new (borrows from similar products)",
};

export const NOTE_LABELS: Record<string, string> = {
  gaps: "Days missing from the history were left out.",
  returns_ignored: "Returns and negative quantities were not counted as demand.",
  stock_out_days: "Days out of stock were not read as zero demand.",
  bulk_orders_capped: "A one-off bulk order was capped so it does not inflate the forecast.",
  borrowed_from_similar_products: "New: the forecast borrows from the most similar products that sell, so its range is wider.",
  borrowed_from_vendor_and_type: "New: nothing similar sells yet, so the forecast borrows from this vendor's products of the same type, with a wider range.",
};

export const WARNING_LABELS: Record<string, string> = {
  missing_cost: "No unit cost in Shopify: stock values are unknown.",
  missing_price: "No price: revenue at risk is unknown.",
  lead_time_raised_to_one_day: "A lead time of 0 days was read as 1 day.",
  lead_time_capped: "Lead time capped at 365 days.",
  lead_time_beyond_forecast: "The lead time is longer than the 8-week forecast: the last week's rate is carried on.",
  negative_stock: "Shopify reports negative stock (oversold): counted as 0.",
  no_sales_history: "No sales yet.",
  single_sale: "Only one day with a sale so far: the forecast rests on very little, so its range is wide.",
  inactive_locations: "Stock at a deactivated location is not counted as sellable.",
};

export const STATE_LABELS: Record<string, string> = {
  ok: "",
  not_tracked: "Not inventory-tracked in Shopify: no reorder suggestion.",
  no_stock_data: "No stock level from Shopify yet.",
};
