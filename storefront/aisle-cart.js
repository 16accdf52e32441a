/* Aisle cart recommendations (blocks/cart-recommendations.liquid): the
   recommendations element (aisle-recommendations.js) for what is in the cart
   now, read from /cart.js, whose adds refresh the theme's cart. */
customElements.whenDefined('aisle-recommendations').then(() => {
  const Base = customElements.get('aisle-recommendations');
  if (customElements.get('aisle-cart-recommendations')) return;

  customElements.define(
    'aisle-cart-recommendations',
    class extends Base {
      async load() {
        const cart = await this.json(`${this.dataset.cartUrl}.js`);
        // An empty cart has no order to complete: the block stays empty.
        if (!cart.items || !cart.items.length) return this.render({});
        this.dataset.cart = [...new Set(cart.items.map((item) => item.product_id))].join();
        return super.load();
      }

      // The page's sections that show the cart (named so, or holding a cart
      // link or form), but not this block's: Shopify renders them with the
      // add (at most 5). https://shopify.dev/docs/api/ajax/section-rendering
      sections() {
        const cartUrl = this.dataset.cartUrl;
        return [...document.querySelectorAll('.shopify-section[id^="shopify-section-"]')]
          .filter((section) => !section.contains(this) && (/cart/.test(section.id) || section.querySelector(`a[href="${cartUrl}"], form[action^="${cartUrl}"]`)))
          .map((section) => section.id.slice(16))
          .slice(0, 5);
      }

      refreshCart(cart) {
        const fresh = Object.entries(cart.sections || {}).filter(([, html]) => html);
        for (const [id, html] of fresh) {
          const section = document.getElementById(`shopify-section-${id}`);
          const rendered = new DOMParser().parseFromString(html, 'text/html').getElementById(`shopify-section-${id}`);
          if (section && rendered) section.replaceChildren(...rendered.childNodes);
        }
        // A cart page whose sections could not be re-rendered shows the new cart after a reload.
        if (!fresh.length && this.dataset.page === 'cart') setTimeout(() => location.reload(), 1500);
      }
    },
  );
});
