/* Aisle "Frequently bought together" (blocks/bundle.liquid): extends the
   recommendations element (aisle-recommendations.js), which fetches the
   complementary products when the block nears the viewport. */
customElements.whenDefined('aisle-recommendations').then(() => {
  const Base = customElements.get('aisle-recommendations');
  if (customElements.get('aisle-bundle')) return;
  const picked = (root) => [...root.querySelectorAll('[data-aisle-pick]:checked')].map((input) => input.closest('li'));

  customElements.define(
    'aisle-bundle',
    class extends Base {
      connectedCallback() {
        if (!this.own) {
          this.own = this.querySelector('[data-aisle-own]');
          this.addEventListener('change', () => this.update());
          document.addEventListener('change', (event) => this.variant(event.target));
        }
        super.connectedCallback();
      }

      // The viewed product first; only what can be bought goes in a bundle.
      render(data) {
        super.render({ ...data, items: (data.items || []).filter((item) => item.available && item.variantId) });
        this.update();
      }

      cards(items) {
        return items.length ? [this.own, ...super.cards(items)] : [];
      }

      card(item, position) {
        const card = super.card(item, position);
        const pick = card.querySelector('[data-aisle-pick]');
        pick.setAttribute('aria-labelledby', card.querySelector('a').id);
        card.dataset.aisleHandle = item.handle;
        card.dataset.aisleName = item.title;
        card.dataset.aisleCents = Math.round(parseFloat(item.price) * 100);
        return card;
      }

      // The theme's product form chose a variant: the viewed product's row follows.
      variant(field) {
        if (field.name !== 'id' || !field.closest('form[action*="/cart/add"]')) return;
        const { dataset } = this.own;
        const [, cents, available] = dataset.aisleVariants
          .split(';')
          .map((entry) => entry.split(':'))
          .find(([id]) => id === field.value) || [];
        if (!cents) return;
        const pick = this.own.querySelector('[data-aisle-pick]');
        dataset.aisleVariantId = field.value;
        dataset.aisleCents = cents;
        pick.disabled = available != 'true';
        if (pick.disabled) pick.checked = false;
        this.own.classList.toggle('is-sold-out', pick.disabled);
        this.own.querySelector('[data-aisle-own-price]').textContent = pick.disabled
          ? this.config.strings.soldOut
          : Base.formatMoney(cents / 100, this.config.moneyFormat);
        this.update();
      }

      update() {
        const { strings, moneyFormat } = this.config;
        const rows = picked(this);
        const cents = rows.reduce((sum, row) => sum + Number(row.dataset.aisleCents), 0);
        this.querySelector('[data-aisle-total]').textContent = Base.formatMoney(cents / 100, moneyFormat);
        const button = this.querySelector('[data-aisle-add]');
        if (button.classList.contains('is-busy')) return;
        const all = rows.length === this.querySelectorAll('[data-aisle-pick]:not(:disabled)').length;
        button.textContent = rows.length ? (all ? strings.addAll : strings.addSelected) : strings.select;
        button.setAttribute('aria-disabled', !rows.length);
      }

      // One request for everything checked. A product that sold out since the
      // page was rendered makes the cart refuse the whole request (422): find
      // which from its current data, name it, and add the others.
      async addToCart(button) {
        const { strings } = this.config;
        const status = this.querySelector('[data-aisle-status]');
        let rows = picked(this);
        const gone = [];
        button.classList.add('is-busy');
        button.setAttribute('aria-disabled', 'true');
        button.textContent = strings.adding;
        status.classList.remove('is-error');
        let message = strings.addedToCart;
        let added = false;
        while (rows.length) {
          try {
            await this.cartAdd(rows.map(({ dataset: d }) => ({ id: Number(d.aisleVariantId), quantity: 1, productId: d.aisleProductId, requestId: d.aisleRequestId })));
            added = true;
            break;
          } catch (error) {
            const soldOut = error.status === 422 ? await this.soldOut(rows) : [];
            if (!soldOut.length) {
              message = error.description || strings.addError;
              break;
            }
            gone.push(...soldOut);
            rows = rows.filter((row) => !soldOut.includes(row));
          }
        }
        for (const row of gone) {
          const pick = row.querySelector('[data-aisle-pick]');
          pick.checked = false;
          pick.disabled = true;
          row.classList.add('is-sold-out');
          row.querySelector('.aisle-card__amount').textContent = strings.soldOut;
        }
        this.update();
        if (gone.length) {
          const names = gone.map((row) => row.dataset.aisleName).join(', ');
          message = strings.notAdded.replace('[products]', names) + (added ? ` ${strings.addedToCart}` : '');
        }
        status.classList.toggle('is-error', !added || gone.length > 0);
        this.announce(message);
        button.textContent = added ? strings.added : strings.addError;
        button.classList.toggle('is-added', added);
        setTimeout(() => {
          button.classList.remove('is-busy', 'is-added');
          this.update();
        }, 2500);
      }

      // The rows whose variant is no longer for sale, from Shopify's product JSON.
      async soldOut(rows) {
        const root = this.dataset.root.replace(/\/?$/, '/');
        const states = await Promise.all(
          rows.map(async ({ dataset: d }) => {
            const product = await this.json(`${root}products/${d.aisleHandle}.js`);
            const variant = (product.variants || []).find((v) => String(v.id) === d.aisleVariantId);
            return !variant || !variant.available;
          }),
        );
        return rows.filter((_, i) => states[i]);
      }
    },
  );
});
