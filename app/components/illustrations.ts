// Empty-state artwork drawn inline: the admin must not depend on a CDN for
// its pictures (the demo runs offline), and Polaris's EmptyState wants a URL.
const shelf = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160" fill="none">
<rect x="13" y="128" width="200" height="8" rx="4" fill="#E3E3E3"/>
<rect x="13" y="70" width="200" height="8" rx="4" fill="#E3E3E3"/>
<rect x="33" y="34" width="30" height="36" rx="4" fill="#B4D5FF"/>
<rect x="71" y="22" width="26" height="48" rx="4" fill="#91D0FF"/>
<rect x="105" y="42" width="40" height="28" rx="4" fill="#E0F0FF"/><rect x="105" y="42" width="40" height="28" rx="4" stroke="#91D0FF" stroke-dasharray="4 3"/>
<rect x="153" y="30" width="34" height="40" rx="4" fill="#B4D5FF"/>
<rect x="41" y="96" width="36" height="32" rx="4" fill="#E0F0FF"/><rect x="41" y="96" width="36" height="32" rx="4" stroke="#91D0FF" stroke-dasharray="4 3"/>
<rect x="87" y="86" width="28" height="42" rx="4" fill="#91D0FF"/>
<rect x="125" y="100" width="32" height="28" rx="4" fill="#B4D5FF"/>
<path d="M175 92l4 8 9 1-7 6 2 9-8-5-8 5 2-9-7-6 9-1z" fill="#FFB800"/>
</svg>`;

export const SHELF_ILLUSTRATION = `data:image/svg+xml;utf8,${encodeURIComponent(shelf)}`;

// Stands in for a product without an image (or whose image cannot load).
const product = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">
<rect width="40" height="40" fill="#F1F1F1"/>
<path d="M12 27l6-7 4 5 3-3 5 5z" fill="#B5B5B5"/><circle cx="25" cy="15" r="3" fill="#B5B5B5"/>
</svg>`;

export const PRODUCT_PLACEHOLDER = `data:image/svg+xml;utf8,${encodeURIComponent(product)}`;
