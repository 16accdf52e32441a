/* Aisle reviews block (blocks/reviews.liquid). Shoppers' words go into the
   page with textContent only: a review holding markup shows it as text. */
(() => {
  if (customElements.get('aisle-reviews')) return;
  const ICONS = { positive: '☺', neutral: '◦', negative: '☹' };
  // Placeholders are [name]: Liquid's t filter would empty {{ name }}.
  const fill = (s, v) => s.replace(/\[(\w+)\]/g, (_, k) => (k in v ? v[k] : ''));

  class AisleReviews extends HTMLElement {
    connectedCallback() {
      const $ = (s) => this.querySelector(s);
      this.$ = $;
      this.t = JSON.parse($('[data-rv-config]').textContent).strings;
      this.q = { sentiment: 'all', sort: 'newest', page: 1 };
      this.tabs = [...this.querySelectorAll('[data-rv-tab]')];
      this.tabs.forEach((tab, i) => {
        tab.onclick = () => this.select(tab);
        tab.onkeydown = (e) => {
          const d = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
          if (!d) return;
          const next = this.tabs[(i + d + this.tabs.length) % this.tabs.length];
          next.focus();
          this.select(next);
        };
      });
      $('[data-rv-sort]').onchange = (e) => this.load({ sort: e.target.value, page: 1 });
      $('[data-rv-prev]').onclick = () => this.load({ page: this.q.page - 1 });
      $('[data-rv-next]').onclick = () => this.load({ page: this.q.page + 1 });
      $('[data-rv-form]').onsubmit = (e) => this.submit(e);
      this.load({});
    }

    select(tab) {
      this.tabs.forEach((t) => {
        t.setAttribute('aria-selected', t === tab);
        t.tabIndex = t === tab ? 0 : -1;
      });
      this.load({ sentiment: tab.dataset.rvTab, page: 1 });
    }

    async load(change) {
      Object.assign(this.q, change);
      const { $, t, q } = this;
      const url = `${this.dataset.endpoint}?${new URLSearchParams({ product_id: this.dataset.productId, per_page: this.dataset.perPage, ...q })}`;
      $('[data-rv-panel]').setAttribute('aria-busy', 'true');
      let data;
      try {
        const res = await fetch(url, { headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(res.status);
        data = await res.json();
      } catch {
        $('[data-rv-empty]').textContent = t.error;
        $('[data-rv-empty]').hidden = false;
        return;
      }
      const { rating, counts, histogram, reviews } = data;
      $('[data-rv-average]').textContent = fill(t.average, { average: rating.average.toFixed(1), count: rating.count });
      const hist = $('[data-rv-histogram]');
      hist.replaceChildren(
        ...[5, 4, 3, 2, 1].map((s) => {
          const li = document.createElement('li');
          const n = histogram[s - 1];
          li.textContent = fill(t.histogramRow, { stars: s, count: n });
          li.style.setProperty('--share', rating.count ? n / rating.count : 0);
          return li;
        }),
      );
      const summary = $('[data-rv-summary]');
      summary.textContent = data.summary || '';
      summary.hidden = !data.summary;
      this.tabs.forEach((tab) => {
        const k = tab.dataset.rvTab;
        tab.querySelector('[data-rv-count]').textContent = `(${k === 'all' ? rating.count : counts[k]})`;
      });
      const tpl = $('[data-rv-item]');
      $('[data-rv-list]').replaceChildren(
        ...reviews.map((r) => {
          const li = tpl.content.firstElementChild.cloneNode(true);
          const set = (s, v) => (li.querySelector(s).textContent = v);
          li.classList.add(`aisle-rv--${r.sentiment}`);
          li.dataset.sentiment = r.sentiment;
          set('[data-rv-icon]', ICONS[r.sentiment]);
          set('[data-rv-label]', t[r.sentiment]);
          const stars = li.querySelector('[data-rv-stars]');
          stars.textContent = '★'.repeat(r.rating) + '☆'.repeat(5 - r.rating);
          stars.setAttribute('aria-label', fill(t.stars, { rating: r.rating }));
          set('[data-rv-title]', r.title);
          set('[data-rv-body]', r.body);
          set('[data-rv-author]', r.author);
          li.querySelector('[data-rv-verified]').hidden = !r.verifiedBuyer;
          const date = li.querySelector('[data-rv-date]');
          date.dateTime = r.createdAt;
          date.textContent = new Date(r.createdAt).toLocaleDateString(document.documentElement.lang || undefined);
          if (r.reply) {
            const reply = li.querySelector('[data-rv-reply]');
            reply.textContent = `${t.reply} ${r.reply}`;
            reply.hidden = false;
          }
          return li;
        }),
      );
      $('[data-rv-empty]').hidden = reviews.length > 0;
      $('[data-rv-panel]').setAttribute('aria-busy', 'false');
      q.page = data.page;
      $('[data-rv-pages]').hidden = data.pages < 2;
      $('[data-rv-page]').textContent = fill(t.page, { page: data.page, pages: data.pages });
      $('[data-rv-prev]').disabled = data.page <= 1;
      $('[data-rv-next]').disabled = data.page >= data.pages;
    }

    async submit(e) {
      e.preventDefault();
      const form = e.target;
      const status = this.$('[data-rv-status]');
      const body = Object.fromEntries(new FormData(form));
      body.product_id = this.dataset.productId;
      status.textContent = this.t.sending;
      try {
        const res = await fetch(this.dataset.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const out = await res.json();
        if (!res.ok) throw new Error(out.error);
        status.textContent = out.status === 'published' ? this.t.thanksPublished : this.t.thanks;
        form.reset();
        if (out.status === 'published') this.load({ page: 1 });
      } catch (err) {
        status.textContent = err.message && err.message !== 'Failed to fetch' ? err.message : this.t.error;
      }
    }
  }
  customElements.define('aisle-reviews', AisleReviews);
})();
