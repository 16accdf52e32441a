/* Aisle tracker (app embed): product views, recommendation impressions and
   clicks, and add to cart, batched to the app proxy (docs/storefront-api.md).
   Nothing leaves the browser, and no cookie is set, without analytics consent. */
(() => {
  if (window.AisleTracker) return;

  const configElement = document.getElementById('aisle-tracker-config');
  const config = configElement ? JSON.parse(configElement.textContent) : {};
  const ENDPOINT = config.endpoint || '/apps/aisle/events';
  const BATCH = 50; // the endpoint's limits: 50 events, 16 KB
  const MAX_BYTES = 16000;
  const MAX_PER_PAGE = 150;
  const FLUSH_MS = 4000;
  const UUID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

  const queue = [];
  const seen = new Set();
  const attributed = new Map(); // productId -> requestId of a clicked recommendation
  let recorded = 0;
  let timer = 0;
  let consentPending = false;

  // https://shopify.dev/docs/api/customer-privacy
  const privacy = () => window.Shopify && window.Shopify.customerPrivacy;
  const consented = () => {
    const api = privacy();
    if (api && typeof api.analyticsProcessingAllowed === 'function') return !!api.analyticsProcessingAllowed();
    return !consentPending;
  };
  if (!privacy() && window.Shopify && typeof window.Shopify.loadFeatures === 'function') {
    // The consent API loads on demand; events wait for its answer.
    consentPending = true;
    window.Shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], (error) => {
      if (!error) consentPending = false;
      flush();
    });
  }
  document.addEventListener('visitorConsentCollected', () => flush());

  // First-party visitor id: a random UUID in a one-year cookie; anything else is replaced.
  let vid = '';
  const visitorId = () => {
    if (vid) return vid;
    const match = document.cookie.match(/(?:^|;\s*)aisle_vid=([^;]*)/);
    vid = match && UUID.test(match[1]) ? match[1] : uuid();
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `aisle_vid=${vid}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    return vid;
  };
  const uuid = () => {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const record = (type, data) => {
    if (recorded >= MAX_PER_PAGE || !data.productId) return;
    recorded += 1;
    queue.push({ type, ...data, ts: Date.now() });
    if (queue.length >= BATCH) flush();
    else if (!timer) timer = setTimeout(flush, FLUSH_MS);
  };

  const send = (events) => {
    const body = JSON.stringify({ vid: visitorId(), events });
    const blob = new Blob([body], { type: 'application/json' });
    if (blob.size > MAX_BYTES && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      send(events.slice(0, half));
      send(events.slice(half));
      return;
    }
    // A beacon survives unloading; fetch keepalive when it is refused.
    if (navigator.sendBeacon && navigator.sendBeacon(ENDPOINT, blob)) return;
    fetch(ENDPOINT, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'application/json' } }).catch(() => {});
  };

  // The "Recently viewed" block's list (aisle-recent.js): this product's
  // handle first, on this device only, recorded wherever the embed runs.
  const rememberView = () => {
    if (!config.handle || !consented()) return;
    try {
      const list = JSON.parse(localStorage.getItem('aisle_recent') || '[]').filter((h) => h !== config.handle);
      localStorage.setItem('aisle_recent', JSON.stringify([config.handle, ...list].slice(0, 12)));
    } catch {}
  };

  function flush() {
    clearTimeout(timer);
    timer = 0;
    rememberView();
    if (!queue.length || !consented()) return;
    while (queue.length) send(queue.splice(0, BATCH));
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);

  // An add is credited to a recommendation clicked earlier in the tab's session.
  const remember = (productId, requestId) => {
    if (!productId || !requestId) return;
    attributed.set(String(productId), requestId);
    try {
      const stored = JSON.parse(sessionStorage.getItem('aisle_attribution') || '{}');
      stored[productId] = requestId;
      sessionStorage.setItem('aisle_attribution', JSON.stringify(Object.fromEntries(Object.entries(stored).slice(-20))));
    } catch {}
  };
  const requestIdFor = (productId) => {
    if (attributed.has(productId)) return attributed.get(productId);
    try {
      return JSON.parse(sessionStorage.getItem('aisle_attribution') || '{}')[productId];
    } catch {
      return undefined;
    }
  };

  const addToCart = (productId, variantId, requestId) => {
    productId = productId && String(productId);
    record('add_to_cart', { productId, variantId: String(variantId), requestId: requestId || requestIdFor(productId) });
    setTimeout(tagCart, 300);
  };

  // The cart carries the visitor id (signed by the app) and A/B arm into the
  // order, to credit what this visitor clicked. Once per cart.
  const tagCart = () => {
    const cart = document.cookie.match(/(?:^|;\s*)cart=([^;]*)/);
    if (!cart || !consented()) return;
    const key = visitorId() + cart[1];
    const get = (u) => nativeFetch(u).then((r) => (r.ok ? r.json() : Promise.reject()));
    try {
      if (sessionStorage.aisle_cart == key) return;
    } catch {}
    get('/cart.js')
      .then((c) => c.attributes._aisle_vid == vid || get(ENDPOINT.replace(/events$/, 'visitor?vid=') + vid).then((v) =>
        nativeFetch('/cart/update.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ attributes: { _aisle_vid: v.vid, _aisle_sig: v.sig, _aisle_arm: v.arm || '' } }) })))
      .then(() => {
        try {
          sessionStorage.aisle_cart = key;
        } catch {}
      })
      .catch(() => {});
  };

  // Set the visitor id now, so the block's first recommendations request has it.
  if (consented()) visitorId();

  // Product view, from the product Liquid rendered into the embed.
  if (config.productId) record('view', { productId: String(config.productId) });
  rememberView();

  // Impressions: once per item and request, when at least half of it is visible.
  const impressions = 'IntersectionObserver' in window && new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      impressions.unobserve(entry.target);
      const { aisleProductId: productId, aisleRequestId: requestId, aislePosition } = entry.target.dataset;
      const key = `${requestId}:${productId}`;
      // A card without a request id (recently viewed) is not a recommendation.
      if (!requestId || seen.has(key)) continue;
      seen.add(key);
      record('impression', { productId, requestId, position: Number(aislePosition) });
    }
  }, { threshold: 0.5 });
  const observe = (root) => {
    if (impressions) root.querySelectorAll('[data-aisle-item]').forEach((item) => impressions.observe(item));
  };
  document.addEventListener('aisle:recommendations:render', (event) => observe(event.target));
  observe(document);

  const onClick = (event) => {
    const link = event.target.closest && event.target.closest('[data-aisle-item] a[href]');
    if (!link) return;
    const { aisleProductId: productId, aisleRequestId: requestId, aislePosition } = link.closest('[data-aisle-item]').dataset;
    if (!requestId) return;
    record('click', { productId, requestId, position: Number(aislePosition) });
    remember(productId, requestId);
  };
  document.addEventListener('click', onClick, true);
  document.addEventListener('auxclick', onClick, true);

  // The recommendations block reports its own adds, with the request they came from.
  document.addEventListener('aisle:add-to-cart', (event) => {
    const { productId, variantId, requestId } = event.detail || {};
    addToCart(productId, variantId, requestId);
  });

  // Other adds: the AJAX cart API (fetch, XHR) and plain form posts.
  const CART_ADD = /\/cart\/add(?:\.js(?:on)?)?$/;
  const isCartAdd = (url) => {
    try {
      return CART_ADD.test(new URL(url, location.href).pathname);
    } catch {
      return false;
    }
  };
  const fromResponse = (json) => {
    const lines = json && (Array.isArray(json.items) ? json.items : [json]);
    for (const line of lines || []) {
      if (line && line.product_id) addToCart(line.product_id, line.variant_id || line.id);
    }
  };

  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const pending = nativeFetch.apply(this, arguments);
    try {
      const url = input instanceof Request ? input.url : String(input);
      const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
      if (isCartAdd(url) && !headers.has('X-Aisle-Source')) {
        pending.then((response) => response.ok && response.clone().json().then(fromResponse)).catch(() => {});
      }
    } catch {}
    return pending;
  };

  const { open, send: xhrSend } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.aisleCartAdd = isCartAdd(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.aisleCartAdd) {
      this.addEventListener('load', () => {
        if (this.status >= 300) return;
        try {
          fromResponse(this.responseType === 'json' ? this.response : JSON.parse(this.responseText));
        } catch {}
      });
    }
    return xhrSend.apply(this, arguments);
  };

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !isCartAdd(form.action)) return;
    // After the theme's handlers: fetch/XHR submits prevent the default.
    setTimeout(() => {
      if (event.defaultPrevented) return;
      const data = new FormData(form);
      const variantId = data.get('id');
      if (variantId) addToCart(data.get('product-id') || config.productId, variantId);
      flush();
    });
  });

  tagCart();
  window.AisleTracker = { flush, tagCart };
})();
