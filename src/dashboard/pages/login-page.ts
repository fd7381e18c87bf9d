import { html, type Html } from '../html';

/**
 * `named`: the token alone says who you are (DASHBOARD_REVIEWERS_FILE). `shared`: one token for everyone, the name is
 * typed (DASHBOARD_TOKEN; weaker: anyone with the token can sign in under any name).
 */
export function loginPage(mode: 'named' | 'shared' | 'proxy' | 'none', error?: string): Html {
  if (mode === 'proxy') {
    return html`<section class="login"><h1>Sign in</h1><p class="error">Sign in through the authenticating proxy in front of the dashboard (it sends your name in a header).</p></section>`;
  }
  return html`
<section class="login">
  <h1>Sign in</h1>
  ${error ? html`<p class="error">${error}</p>` : ''}
  <form method="post" action="/login">
    ${mode === 'named' ? '' : html`<label>Your name (recorded with every decision) <input name="reviewer" required maxlength="100" autocomplete="name"></label>`}
    <label>${mode === 'named' ? 'Your reviewer token' : 'Dashboard token'} <input name="token" type="password" required autocomplete="current-password"></label>
    <button type="submit" class="primary">Sign in</button>
  </form>
</section>`;
}

/** The no-script confirmation of a decision: the same fields again, with `confirmed=1`. */
export function confirmPage(action: string, fields: [string, string][], message: string, back: string): Html {
  return html`
<section class="confirm">
  <h1>Are you sure?</h1>
  <p data-role="confirm-message">${message}</p>
  <form method="post" action="${action}">
    ${fields.filter(([k]) => k !== 'confirmed').map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    <input type="hidden" name="confirmed" value="1">
    <button type="submit" class="primary" data-action="confirm">Yes, go ahead</button>
    <a href="${back}">Cancel</a>
  </form>
</section>`;
}
