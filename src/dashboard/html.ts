/**
 * A tagged template that escapes every interpolated value unless it is explicitly marked as trusted markup.
 * Everything the dashboard shows comes from untrusted repositories, so escaping is the default, not a choice.
 */
const TRUSTED = Symbol('trusted-html');

export interface Html {
  [TRUSTED]: true;
  value: string;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map(render).join('');
  if (value && typeof value === 'object' && TRUSTED in value) return (value as Html).value;
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return { [TRUSTED]: true, value: out };
}

/** Markup produced by a library that escapes its own input (diff2html) or by `html` itself. */
export function trusted(value: string): Html {
  return { [TRUSTED]: true, value };
}

/** JSON for a `<script type="application/json">` data block: `<` escaped so no `</script>` can end it early. */
export function jsonBlock(value: unknown): Html {
  return trusted(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
