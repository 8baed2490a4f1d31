// A certified OpenID Provider (the npm package oidc-provider) on loopback, for the single sign-on tests and the
// demo organisation `make demo` starts (setup in lots/identity/demo_op.json).
//
// Started by the `openid_provider` fixture (lots/identity/tests/conftest.py) as `node oidc_provider.mjs`, with its
// setup as JSON in the environment variable LOTS_TEST_OP:
//
//   {"port": 0, "clients": [{"client_id": "lots", "client_secret": "…", "tamper": "wrong_audience"}],
//    "accounts": {"anna": {"password": "…", "claims": {"groups": ["g1"]}, "amr": ["pwd", "otp"], "acr": "…"}},
//    "redirect_path": "/konto/sso/oidc/retur/"}
//
// It listens on 127.0.0.1 on the given port (a free one for 0) and prints "READY <issuer>" when it answers. Its own
// login form checks the accounts' passwords and puts the account's `amr`/`acr` in the session, so the id token
// vouches (or not) for multi-factor authentication. A client with `tamper` gets its id token from the token endpoint altered, the way a
// forged or misdirected answer would arrive: "wrong_audience" (signed with the provider's key, for another client),
// "expired", "wrong_key" (signed with a key the provider does not publish), "alg_none" (unsigned).
// POST /__test/accounts/<id>/disable makes the provider stop accepting an account, as an IT department would.

import http from 'node:http';
import { randomBytes } from 'node:crypto';

import * as jose from 'jose';
import Provider, { interactionPolicy } from 'oidc-provider';

const setup = JSON.parse(process.env.LOTS_TEST_OP || '{}');
const accounts = setup.accounts || {};
const redirectPath = setup.redirect_path || '/konto/sso/oidc/retur/';
const disabled = new Set();
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', 'testserver']);

const signing = await jose.generateKeyPair('RS256', { extractable: true });
const stranger = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(signing.privateKey)), kid: 'lots-test-key', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => { server.listen(setup.port || 0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const tampering = Object.fromEntries((setup.clients || []).filter((c) => c.tamper).map((c) => [c.client_id, c.tamper]));

// A disabled account's session no longer counts: the provider asks for a new login, which prompt=none answers with
// login_required, as Keycloak or Entra ID do once IT has disabled the account.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check(
  'account_disabled',
  'the account has been disabled',
  (ctx) => (disabled.has(ctx.oidc.session.accountId) ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT),
));

const provider = new Provider(issuer, {
  clients: (setup.clients || []).map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: [`http://testserver${redirectPath}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  })),
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // Like Entra ID and Keycloak, the id token names how the person signed in (amr, acr) and when (auth_time).
  claims: {
    acr: null, amr: null, auth_time: null, sid: null, iss: null, openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name', 'groups', 'employee_id'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    if (!(id in accounts)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...(accounts[id].claims || {}) }) };
  },
});

// Any port on loopback: the test server's address is only known once it runs.
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  try {
    const url = new URL(value);
    return LOOPBACK_HOSTS.has(url.hostname) && url.pathname === redirectPath && !url.search;
  } catch {
    return false;
  }
};

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

async function tamper(mode, idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong_audience') {
    return new jose.SignJWT({ ...claims, aud: 'another-client' }).setProtectedHeader({ alg: 'RS256', kid: 'lots-test-key' }).sign(signing.privateKey);
  }
  if (mode === 'expired') {
    return new jose.SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 }).setProtectedHeader({ alg: 'RS256', kid: 'lots-test-key' }).sign(signing.privateKey);
  }
  if (mode === 'wrong_key') {
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'lots-test-key' }).sign(stranger.privateKey);
  }
  if (mode === 'alg_none') {
    return new jose.UnsecuredJWT(claims).encode();
  }
  return idToken;
}

provider.use(async (ctx, next) => {
  const interaction = ctx.path.match(/^\/interaction\/([\w-]+)(\/login|\/confirm|\/abort)?$/);
  const control = ctx.path.match(/^\/__test\/accounts\/([\w.-]+)\/disable$/);
  if (control && ctx.method === 'POST') {
    disabled.add(control[1]);
    ctx.status = 204;
    return;
  }
  if (!interaction) {
    await next();
    if (ctx.path === '/token' && ctx.body && ctx.body.id_token && ctx.oidc && ctx.oidc.client) {
      const mode = tampering[ctx.oidc.client.clientId];
      if (mode) ctx.body = { ...ctx.body, id_token: await tamper(mode, ctx.body.id_token) };
    }
    return;
  }
  const [, uid, action] = interaction;
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
  ctx.set('cache-control', 'no-store');
  if (!action && ctx.method === 'GET') {
    ctx.type = 'html';
    if (details.prompt.name === 'login') {
      const error = ctx.query.error ? '<p role="alert">Invalid user name or password.</p>' : '';
      ctx.body = page('Sign in at the test provider', `${error}<form method="post" action="/interaction/${uid}/login">`
        + '<p><label for="login">User name</label> <input id="login" name="login" autocomplete="username"></p>'
        + '<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>'
        + '<p><button type="submit">Sign in</button></p></form>');
    } else {
      ctx.body = page('Allow Lots to know who you are', `<form method="post" action="/interaction/${uid}/confirm">`
        + '<p><button type="submit">Continue</button></p></form>'
        + `<form method="post" action="/interaction/${uid}/abort"><p><button type="submit">Cancel</button></p></form>`);
    }
    return;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  let result;
  if (action === '/login') {
    const body = await formBody(ctx.req);
    const account = accounts[body.login];
    if (!account || disabled.has(body.login) || account.password !== body.password) {
      ctx.redirect(`/interaction/${uid}?error=1`);
      return;
    }
    result = { login: { accountId: body.login, amr: account.amr || ['pwd'], ...(account.acr ? { acr: account.acr } : {}) } };
  } else if (action === '/confirm') {
    const { prompt: { details: missing }, params, session } = details;
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  } else {
    result = { error: 'access_denied', error_description: 'The person cancelled' };
  }
  const target = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: action === '/confirm' });
  ctx.redirect(target);
});

server.on('request', provider.callback());
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdout.write(`READY ${issuer}\n`);
