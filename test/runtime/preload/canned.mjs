// The canned answer to an intercepted request: canned.json's entry for the path's ending, else a 404 (the request
// is still recorded, so an unexpected one shows up in the suite's assertions).
import fs from 'node:fs';
import { URL } from 'node:url';

const ANSWERS = JSON.parse(fs.readFileSync(new URL('./canned.json', import.meta.url), 'utf8'));

export function canned(url) {
  const { pathname } = new URL(url);
  const key = Object.keys(ANSWERS).find((suffix) => suffix.startsWith('/') && pathname.endsWith(suffix));
  return key
    ? { status: 200, json: ANSWERS[key] }
    : { status: 404, json: { error: { message: `runtime test preload: no canned answer for ${url}`, type: 'not_found' } } };
}
