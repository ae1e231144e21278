// For the payment test (elements/invoice-list/invoice-pay.test.ts): points <porch-invoice-list> at the fixture API
// (?api=) with the session the test left in sessionStorage — not in the URL, which becomes Stripe's return address —
// and records every porch-paid event, from before the element upgrades.
const paid = (window.porchPaid = []);
window.addEventListener('porch-paid', (event) => paid.push(event.detail.invoiceId));
const list = document.querySelector('porch-invoice-list');
list.setAttribute('api', new URLSearchParams(location.search).get('api'));
list.setAttribute('token', sessionStorage.getItem('porch-pay-session'));
