/* Aisle recently viewed (blocks/recently-viewed.liquid): the recommendations
   element (aisle-recommendations.js) fed from the product handles this
   shopper viewed, kept on the device, and Shopify's product JSON. Only with
   analytics consent, as the tracker (aisle-tracker.js). */
customElements.whenDefined('aisle-recommendations').then(() => {
  const Base = customElements.get('aisle-recommendations');
  if (customElements.get('aisle-recent')) return;
  const KEY = 'aisle_recent';
  // As the tracker: the Customer Privacy API's answer, and no consent while
  // the API is still loading.
  const consented = () => {
    const shopify = window.Shopify || {};
    const api = shopify.customerPrivacy;
    return api && api.analyticsProcessingAllowed ? !!api.analyticsProcessingAllowed() : !shopify.loadFeatures;
  };
  const cents = (value) => (value == null ? null : String(value / 100));

  customElements.define(
    'aisle-recent',
    class extends Base {
      async load() {
        const { handle, limit, root } = this.dataset;
        let handles = [];
        try {
          if (consented()) {
            handles = JSON.parse(localStorage.getItem(KEY) || '[]').filter((h) => typeof h == 'string' && h != handle);
            if (handle) localStorage.setItem(KEY, JSON.stringify([handle, ...handles].slice(0, 12)));
          } else localStorage.removeItem(KEY);
        } catch {}
        const base = root.replace(/\/?$/, '/');
        const products = await Promise.all(handles.slice(0, Number(limit) + 2).map((h) => this.json(`${base}products/${h}.js`)));
        const items = products
          .filter((p) => p.id && p.handle)
          .map((p) => {
            const variant = (p.variants || []).find((v) => v.available) || (p.variants || [])[0] || {};
            const image = p.featured_image;
            return {
              productId: String(p.id),
              variantId: variant.id && String(variant.id),
              url: `${base}products/${p.handle}`,
              title: p.title,
              imageUrl: image && (image.src || image),
              imageAlt: (image && image.alt) || p.title,
              price: cents(p.price),
              compareAtPrice: cents(p.compare_at_price),
              available: p.available,
              vendor: p.vendor,
            };
          });
        this.render({ items });
      }
    },
  );
});
