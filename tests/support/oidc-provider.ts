// A real OpenID Provider on loopback for the SSO tests: oidc-provider (the
// certified Node implementation) with one client, Tessera. No login page:
// the test says who the next person to sign in is (`signInAs`), and the
// interaction logs them in and consents at once. `tamperNextIdToken` changes
// the payload of the next ID token the token endpoint sends (its signature
// no longer matches), as an attacker on the way would.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

export type TestIdentity = { email: string; emailVerified: boolean };

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the provider signs in at the next authorization request. */
  signInAs: (identity: TestIdentity) => void;
  /** The next token response's ID token gets its email replaced by this one, its signature left as it was. */
  tamperNextIdToken: (email: string) => void;
  close: () => Promise<void>;
};

/**
 * Starts the provider on 127.0.0.1. `hostname` names it in the issuer: a
 * browser test uses "localhost", another site than the console's
 * 127.0.0.1, so the redirects between them are cross-site as in production.
 */
export async function startTestProvider(redirectUri: string, hostname = "127.0.0.1"): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  const clientId = "tessera-console";
  const clientSecret = randomBytes(24).toString("base64url");
  const identities = new Map<string, TestIdentity>();
  let next: string | undefined;
  let tamper: string | undefined;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "test-key", alg: "RS256", use: "sig" }] as never },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // The email claims go in the ID token itself, where Tessera reads them.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const identity = identities.get(id);
      return identity
        ? { accountId: id, claims: () => ({ sub: id, email: identity.email, email_verified: identity.emailVerified }) }
        : undefined;
    },
    // Consent is given with the login: Tessera is the provider's own client here.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email");
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/interaction/")) {
      void (async () => {
        if (!next) throw new Error("the test provider was not told who signs in (signInAs)");
        const accountId = next;
        next = undefined;
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (tamper && req.method === "POST" && req.url === "/token") {
      const email = tamper;
      tamper = undefined;
      const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
      res.end = ((body?: unknown) => {
        const json = JSON.parse(String(body)) as { id_token: string };
        const [header, payload, signature] = json.id_token.split(".");
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
        const forged = Buffer.from(JSON.stringify({ ...claims, email })).toString("base64url");
        const tampered = JSON.stringify({ ...json, id_token: `${header}.${forged}.${signature}` });
        res.setHeader("content-length", Buffer.byteLength(tampered));
        return end(tampered);
      }) as typeof res.end;
    }
    handle(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (identity) => {
      next = `${identity.email}|${identity.emailVerified}`;
      identities.set(next, identity);
    },
    tamperNextIdToken: (email) => (tamper = email),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
