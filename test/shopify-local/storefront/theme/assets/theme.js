// The local theme's only script: keeps the header's cart count (and the cart
// page's lines) current when an app adds to the cart, as Shopify themes do on
// their cart events.
(() => {
  const countEl = document.querySelector('[data-cart-count]');
  const cartLink = document.querySelector('[data-cart-link]');

  async function refresh() {
    const response = await fetch('/cart.js', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const cart = await response.json();
    if (countEl) {
      countEl.textContent = String(cart.item_count);
      countEl.hidden = cart.item_count === 0;
    }
    if (cartLink) cartLink.setAttribute('aria-label', `Cart, ${cart.item_count} items`);
    const section = document.querySelector('[data-cart-section]');
    if (section) {
      const html = await (await fetch(location.href)).text();
      const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-cart-section]');
      if (fresh) section.replaceChildren(...fresh.childNodes);
    }
  }

  document.addEventListener('cart:refresh', () => {
    refresh().catch(() => {});
  });
})();
