/* Aisle recommendations block (blocks/recommendations.liquid). Loaded once,
   deferred. Also the base the other blocks' elements extend (aisle-bundle.js,
   aisle-cart.js, aisle-recent.js): they override load(), render(), cards(),
   card(), addToCart(), sections() or refreshCart(). Built into the extension's assets by
   npm run build:storefront. */
(() => {
  if (customElements.get('aisle-recommendations')) return;

  // Shopify money format tokens: [decimals, thousands, decimal mark].
  // https://help.shopify.com/en/manual/international/pricing/currency-formatting
  const MONEY = {
    amount: [2, ',', '.'],
    amount_no_decimals: [0, ',', '.'],
    amount_with_comma_separator: [2, '.', ','],
    amount_no_decimals_with_comma_separator: [0, '.', ','],
    amount_with_apostrophe_separator: [2, "'", '.'],
    amount_no_decimals_with_space_separator: [0, ' ', '.'],
    amount_with_space_separator: [2, ' ', ','],
    amount_with_period_and_space_separator: [2, ' ', '.'],
  };

  // `amount`: decimal string. The format may hold HTML and entities
  // (`<span>&euro;{{amount}}</span>`); prices are text, so keep its text.
  const formatMoney = (amount, format) => {
    const cents = Math.round(parseFloat(amount) * 100);
    if (!Number.isFinite(cents)) return '';
    const text = document.createElement('textarea');
    text.innerHTML = String(format || '${{amount}}').replace(/<[^>]*>/g, '');
    return text.value.replace(/\{\{\s*(\w+)\s*\}\}/g, (token, name) => {
      const rule = MONEY[name];
      if (!rule) return token;
      const [whole, fraction] = (cents / 100).toFixed(rule[0]).split('.');
      return whole.replace(/\B(?=(\d{3})+(?!\d))/g, rule[1]) + (fraction ? rule[2] + fraction : '');
    });
  };

  const VID = /(?:^|;\s*)aisle_vid=([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})(?:;|$)/i;
  // Shopify's image CDN resizes on ?width=.
  const CDN = /(^|\.)cdn\.shopify\.com$|^\/cdn\/shop\//;

  // Calls `done` once `test(entry)` holds for the element.
  const watch = (element, options, test, done) => {
    if (!('IntersectionObserver' in window)) return done();
    const observer = new IntersectionObserver(([entry]) => {
      if (!test(entry)) return;
      observer.disconnect();
      done();
    }, options);
    observer.observe(element);
  };

  class AisleRecommendations extends HTMLElement {
    static formatMoney = formatMoney;

    connectedCallback() {
      if (this.config) return;
      this.config = JSON.parse(this.querySelector('[data-aisle-config]').textContent);
      this.list = this.querySelector('[data-aisle-list]');
      this.addEventListener('click', this);
      this.list.onscroll = () => this.updateArrows();
      // The tracker sets the visitor cookie; deferred, it may run after this
      // script, but always before DOMContentLoaded.
      const start = () => watch(this, { rootMargin: '0px 0px 400px' }, (entry) => entry.isIntersecting, () => this.load());
      if (performance.timing.domContentLoadedEventStart) start();
      else addEventListener('DOMContentLoaded', start, { once: true });
    }

    async load() {
      const { endpoint, context, productId, cart, strategy, limit, block } = this.dataset;
      const params = new URLSearchParams({ context, strategy, limit });
      if (block) params.set('block', block);
      if (productId) params.set('product_id', productId);
      if (cart) params.set('cart', cart);
      const vid = document.cookie.match(VID);
      if (vid) params.set('vid', vid[1]);
      this.render(await this.json(`${endpoint}?${params}`));
    }

    // A JSON answer, or {} for anything else.
    async json(url) {
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' } });
        if (response.ok) return await response.json();
      } catch {}
      return {};
    }

    render(data) {
      const items = (Array.isArray(data.items) ? data.items : [])
        .filter((item) => item && item.productId && item.url)
        .slice(0, Number(this.dataset.limit));
      const reserved = this.getBoundingClientRect().height;
      this.requestId = data.requestId || '';
      this.list.replaceChildren(...this.cards(items));
      this.list.removeAttribute('aria-busy');
      this.classList.add(items.length ? 'is-loaded' : 'is-empty');
      this.holdHeight(reserved, !items.length);
      if (!items.length) return;
      this.updateArrows();
      const detail = { requestId: data.requestId, items };
      this.dispatchEvent(new CustomEvent('aisle:recommendations:render', { bubbles: true, detail }));
    }

    cards(items) {
      return items.map((item, position) => this.card(item, position));
    }

    // Fewer items than reserved must not pull visible content up (CLS): keep
    // the space while on screen, release it out of view.
    holdHeight(reserved, empty) {
      if (!empty && this.getBoundingClientRect().height >= reserved) return;
      this.style.minHeight = `${reserved}px`;
      watch(this, {}, (entry) => !entry.isIntersecting, () => {
        this.style.minHeight = '';
        this.hidden = empty;
      });
    }

    card(item, position) {
      const card = this.querySelector('template').content.firstElementChild.cloneNode(true);
      const part = (name) => card.querySelector(`[data-aisle-${name}]`);
      const text = (name, value) => part(name) && (part(name).textContent = value || '');
      const { strings, reasons, moneyFormat } = this.config;
      Object.assign(card.dataset, {
        aisleProductId: item.productId,
        aisleVariantId: item.variantId || '',
        aisleRequestId: this.requestId,
        aislePosition: position,
      });

      const link = part('link');
      link.href = item.url;
      link.textContent = item.title;
      link.id = `${this.list.id}-${position}`;

      const image = part('image');
      if (item.imageUrl) {
        const url = new URL(item.imageUrl, location.href);
        const sized = (width) => (url.searchParams.set('width', width), url.href);
        if (CDN.test(url.hostname) || CDN.test(url.pathname)) {
          image.srcset = [200, 300, 400, 600, 800].map((w) => `${sized(w)} ${w}w`).join(', ');
          sized(600);
        }
        image.src = url.href;
        image.alt = item.imageAlt || '';
      } else {
        image.remove();
      }

      text('vendor', item.vendor);
      text('reason', item.reason || reasons[item.reasonCode]);

      const price = part('price');
      price.textContent = formatMoney(item.price, moneyFormat);
      if (parseFloat(item.compareAtPrice) > parseFloat(item.price)) {
        text('compare-amount', formatMoney(item.compareAtPrice, moneyFormat));
        part('compare').hidden = part('sale-label').hidden = false;
        price.classList.add('is-sale');
      }

      const button = part('add');
      if (button) {
        button.setAttribute('aria-describedby', link.id);
        if (!item.available || !item.variantId) {
          button.textContent = strings.soldOut;
          button.setAttribute('aria-disabled', 'true');
        }
      }
      return card;
    }

    // Clicks: add to cart, previous, next.
    handleEvent({ target }) {
      const button = target.closest('button');
      if (!button || button.getAttribute('aria-disabled') === 'true') return;
      if (button.hasAttribute('data-aisle-add')) this.addToCart(button);
      else this.page(button.hasAttribute('data-aisle-next') ? 1 : -1);
    }

    // aria-disabled, unlike disabled, keeps keyboard focus on the button.
    async addToCart(button) {
      const { aisleProductId: productId, aisleVariantId: variantId, aisleRequestId: requestId } =
        button.closest('[data-aisle-item]').dataset;
      const { strings } = this.config;
      button.setAttribute('aria-disabled', 'true');
      button.textContent = strings.adding;
      let added = false;
      try {
        await this.cartAdd([{ id: Number(variantId), quantity: 1, productId, requestId }]);
        added = true;
        button.textContent = strings.added;
        button.classList.add('is-added');
        this.announce(strings.addedToCart);
      } catch (error) {
        button.textContent = strings.addError;
        this.announce(error.description || strings.addError);
      }
      setTimeout(() => {
        button.textContent = strings.addToCart;
        button.classList.remove('is-added');
        button.removeAttribute('aria-disabled');
      }, added ? 2500 : 4000);
    }

    // One POST /cart/add.js for all `lines` ({ id, quantity, productId, requestId }).
    // Throws { status, description } when the cart refuses; otherwise tells the
    // tracker and the theme, and returns the cart's answer.
    // https://shopify.dev/docs/api/ajax/reference/cart#post-locale-cart-add-js
    async cartAdd(lines) {
      const sections = this.sections();
      const response = await fetch(`${this.dataset.cartAddUrl}.js`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          // The tracker counts these adds from aisle:add-to-cart.
          'X-Aisle-Source': this.localName,
        },
        body: JSON.stringify({
          items: lines.map(({ id, quantity }) => ({ id, quantity })),
          ...(sections.length && { sections, sections_url: location.pathname }),
        }),
      });
      const cart = await response.json().catch(() => ({}));
      if (!response.ok) throw Object.assign(new Error('cart/add'), { status: response.status, description: cart.description });
      for (const { id, quantity, productId, requestId } of lines) {
        const detail = { productId, variantId: String(id), requestId: requestId || undefined, quantity };
        this.dispatchEvent(new CustomEvent('aisle:add-to-cart', { bubbles: true, detail }));
      }
      // Many themes refresh their cart counter and drawer on this.
      document.dispatchEvent(new CustomEvent('cart:refresh', { detail: { items: cart.items } }));
      this.refreshCart(cart);
      return cart;
    }

    // Section ids for the Section Rendering API; the cart block asks for some.
    sections() {
      return [];
    }

    refreshCart() {}

    announce(message) {
      const status = this.querySelector('[data-aisle-status]');
      status.textContent = '';
      requestAnimationFrame(() => (status.textContent = message));
    }

    // The CSS scroll-behavior honours prefers-reduced-motion.
    page(direction) {
      const rtl = getComputedStyle(this.list).direction === 'rtl' ? -1 : 1;
      this.list.scrollBy({ left: direction * rtl * this.list.clientWidth });
    }

    updateArrows() {
      const { scrollWidth, clientWidth, scrollLeft } = this.list;
      const scrolled = Math.abs(scrollLeft);
      this.querySelector('[data-aisle-prev]')?.setAttribute('aria-disabled', scrolled < 2);
      this.querySelector('[data-aisle-next]')?.setAttribute('aria-disabled', scrolled + clientWidth >= scrollWidth - 2);
      this.classList.toggle('is-scrollable', scrollWidth > clientWidth + 2);
    }
  }

  customElements.define('aisle-recommendations', AisleRecommendations);
})();
