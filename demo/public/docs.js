// The docs page's Copy buttons: each copies the snippet beside it.
for (const button of document.querySelectorAll('.snippet .copy')) {
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(button.parentElement.querySelector('code').textContent);
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
}
