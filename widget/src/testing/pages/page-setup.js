// For the embedding test pages (widget/src/embedding.test.ts): records what the page must not produce, and points
// its <porch-portal> at the fixture API given as ?api= (in the language given as ?lang=). A classic script from the
// page's own origin, so it runs under the strict-CSP page too; it stands after the elements, before the widget.
const params = new URLSearchParams(location.search);
const porchRecord = (window.porchRecord = { violations: [], errors: [], warnings: [] });
document.addEventListener('securitypolicyviolation', (event) => porchRecord.violations.push(event.effectiveDirective));
window.addEventListener('error', (event) => porchRecord.errors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => porchRecord.errors.push(String(event.reason)));
const warn = console.warn.bind(console);
console.warn = (...args) => {
  porchRecord.warnings.push(args.join(' '));
  warn(...args);
};
if (params.get('lang')) document.documentElement.lang = params.get('lang');
for (const el of document.querySelectorAll('porch-portal')) el.setAttribute('api', params.get('api') ?? '');
