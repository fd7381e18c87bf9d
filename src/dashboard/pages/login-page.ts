import { html, type Html } from '../html';

export function loginPage(error?: string): Html {
  return html`
<section class="login">
  <h1>Sign in</h1>
  ${error ? html`<p class="error">${error}</p>` : ''}
  <form method="post" action="/login">
    <label>Your name (recorded with every decision) <input name="reviewer" required maxlength="100" autocomplete="name"></label>
    <label>Dashboard token <input name="token" type="password" required autocomplete="current-password"></label>
    <button type="submit" class="primary">Sign in</button>
  </form>
</section>`;
}
