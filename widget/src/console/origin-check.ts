/** What "Test this origin" answers: whether the text is an origin as a browser sends it, and whether it is allowed. */
export interface OriginVerdict {
  /** The origin as the browser would send it, when one could be read from the text. */
  origin: string | null;
  /** What is wrong with the text as written (empty: it is a well-formed origin). */
  problems: string[];
  /** Whether the saved list holds exactly this origin. */
  allowed: boolean;
}

/**
 * A pure check, no request: the portal accepts a page when its `Origin` header equals a listed origin exactly, and
 * the API stores only texts that are their own `new URL(text).origin` — so that is what this compares.
 */
export function checkOrigin(text: string, allowedOrigins: readonly string[]): OriginVerdict {
  const value = text.trim();
  if (!value) return { origin: null, problems: ['Enter an origin, e.g. https://www.example.com.'], allowed: false };
  if (value === 'null') {
    return {
      origin: null,
      problems: [
        'Browsers send “null” for files, sandboxed frames and some redirects; it names no site and can never be allowed. Serve the page over https.',
      ],
      allowed: false,
    };
  }
  if (value.includes('*')) {
    return {
      origin: null,
      problems: ['Wildcards are not supported: list each origin exactly (e.g. https://www.example.com).'],
      allowed: false,
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const hint = /^[\w.-]+(:\d+)?$/.test(value) ? ` Add the scheme: https://${value}` : '';
    return {
      origin: null,
      problems: [`Not an origin: write scheme and host, e.g. https://www.example.com.${hint}`],
      allowed: false,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      origin: null,
      problems: [`Only http(s) pages can embed the portal, not ${url.protocol} ones.`],
      allowed: false,
    };
  }
  const origin = url.origin;
  const problems: string[] = [];
  const rest = value.slice(value.toLowerCase().indexOf(url.host.toLowerCase()) + url.host.length);
  if (url.username || url.password) problems.push('Drop the user name and password: browsers never send them.');
  if (rest === '/') problems.push(`No trailing slash: the browser sends ${origin}`);
  else if (url.pathname !== '/' || url.search || url.hash || rest.startsWith('/')) {
    problems.push(`Drop the path, query and fragment: the browser sends only scheme, host and port: ${origin}`);
  }
  if (!problems.length && value !== origin) problems.push(`Write it as the browser sends it: ${origin}`);
  return { origin, problems, allowed: problems.length === 0 && allowedOrigins.includes(origin) };
}
