import type messages from "@/lib/i18n/messages/en.json";

// The server speaks English: typed errors (lib/errors.ts), the zod schemas
// shared with the API (lib/validations) and next-auth's sign-in errors all
// carry English messages, and the API must keep returning them byte for
// byte. The console translates those messages here instead: each known
// message maps to a key under "errors" in the catalogs, its variable parts
// (named groups) become the message's ICU arguments. An unknown message is
// shown as it is. Shared with client components: no server imports.

export type ErrorKey = keyof (typeof messages)["errors"];

export const ERROR_PATTERNS: readonly (readonly [RegExp, ErrorKey])[] = [
  // Sign-in and the session
  [/^Email or password is incorrect\.$/, "invalidCredentials"],
  [/^This sign-in has expired\. Sign in again\.$/, "signInExpired"],
  [/^Your session has ended\. Sign in again\.$/, "sessionEnded"],
  [/^Too many failed sign-in attempts\. Try again in (?<minutes>\d+) minute\(s\)\.$/, "tooManySignIns"],
  [/^Too many wrong passwords\. Try again in (?<minutes>\d+) minute\(s\)\.$/, "tooManyPasswords"],
  [/^Too many wrong codes\. Try again in (?<minutes>\d+) minute\(s\)\.$/, "tooManyCodes"],
  [/^That code is not right\. Check the time on your device and try the next one\.$/, "codeWrongCheckTime"],
  [/^That code is not right\.$/, "codeWrong"],
  [/^Your password is incorrect\.$/, "passwordIncorrect"],
  [/^Your current password is incorrect\.$/, "currentPasswordIncorrect"],
  [/^Do not use your email address in your password\.$/, "passwordHasEmail"],
  [/^This password is too easy to guess/, "passwordWeak"],
  [/^The passwords do not match\.$/, "passwordsDiffer"],
  [/^Enter your password\.$/, "enterPassword"],
  [/^Enter your current password\.$/, "enterCurrentPassword"],
  [/^Enter the 6-digit code from your app, or a recovery code\.$/, "enterCodeOrRecovery"],
  [/^Enter the 6-digit code from your app\.$/, "enterCode"],
  [/^An authenticator app is already on; turn it off first\.$/, "totpAlreadyOn"],
  [/^Turn on an authenticator app first; recovery codes stand in for it\.$/, "totpFirst"],
  // Passkeys
  [/^Too many passkey sign-ins\. Try again in (?<minutes>\d+) minute\(s\)\.$/, "tooManyPasskeySignIns"],
  [/^You can keep up to (?<max>\d+) passkeys\.$/, "tooManyPasskeys"],
  [/^The passkey's answer could not be verified\. Try again\.$/, "passkeyNotVerified"],
  [/^The passkey's answer is not in the expected form\.$/, "passkeyMalformed"],
  [/^This passkey is already registered\.$/, "passkeyRegistered"],
  [/^This passkey is not one of yours, or it was already removed\.$/, "passkeyMissing"],
  [/^You have no passkey; use a code instead\.$/, "noPasskey"],
  [/^Name this passkey, such as the device it is on\.$/, "namePasskey"],
  [/^Keep the name to (?<max>\d+) characters\.$/, "passkeyNameTooLong"],
  // Single sign-on
  [/^Password sign-in is turned off for your account: use Sign in with SSO\.$/, "passwordSignInOff"],
  [/^Enter the issuer's full URL, such as https:\/\/accounts\.example\.com\.$/, "issuerNotUrl"],
  [/^The issuer URL must start with https:\/\/ \(set TESSERA_SSO_ALLOW_HTTP_ISSUER=1/, "issuerHttpsDev"],
  [/^The issuer URL must start with https:\/\/\.$/, "issuerHttps"],
  [/^Put no user name or password in the issuer URL\.$/, "issuerCredentials"],
  [/^The issuer URL has no query \(\?\) or fragment \(#\)\.$/, "issuerQuery"],
  [/^List at most (?<max>\d+) characters of domains\.$/, "domainsTooLong"],
  [/^List at least one email domain whose operators may sign in with SSO\.$/, "domainsEmpty"],
  [/^Enter email domains such as example\.com, separated by commas\.$/, "domainsFormat"],
  [/^Enter the issuer URL\.$/, "enterIssuer"],
  [/^Enter the client ID\.$/, "enterClientId"],
  [/^Enter the client secret the identity provider gave you\.$/, "enterClientSecret"],
  [/^Single sign-on is not configured\.$/, "ssoNotConfigured"],
  // Permissions and generic failures
  [/^You do not have permission to do this\.$/, "forbidden"],
  [/^You have no access to application (?<sdkAppId>\d+)\.$/, "noAppAccess"],
  [/^Your role in application (?<sdkAppId>\d+) \((?<role>\w+)\) does not allow this\.$/, "roleInAppForbids"],
  [/^Your role \((?<role>\w+)\) does not allow this\.$/, "roleForbids"],
  [/^Something went wrong on our side\. Nothing was changed; please try again\.$/, "generic"],
  [/^Check the highlighted fields\.$/, "checkFields"],
  // Applications and keys
  [/^Enter a name\.$/, "enterName"],
  [/^Use at most (?<max>\d+) characters\.$/, "tooLong"],
  [/^Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit\.$/, "appNameChars"],
  [/^Paste the secret key as Tencent's console shows it: 64 hexadecimal characters\.$/, "secretKeyFormat"],
  [/^SDKAppID must be a number\.$/, "sdkAppIdNumber"],
  [/^An SDKAppID is a whole number from 1 to 4294967295\.$/, "sdkAppIdRange"],
  [/^SDKAppID (?<sdkAppId>\d+) is already in use here\.$/, "sdkAppIdTaken"],
  [/^Could not allocate a free SDKAppID; please try again\.$/, "sdkAppIdAllocation"],
  [/^Application (?<sdkAppId>\d+) does not exist\.$/, "appMissing"],
  [/^Disable the application before deleting it\.$/, "disableBeforeDelete"],
  [/^The name you typed does not match the application's name\.$/, "confirmNameMismatch"],
  [/^Type the application's name exactly\.$/, "confirmNameExactly"],
  [/^This application is disabled; enable it to generate UserSigs\.$/, "appDisabledUserSig"],
  [/^This application is disabled; enable it to generate tickets\.$/, "appDisabledTickets"],
  [/^Application (?<sdkAppId>\d+) has no signing key\.$/, "noSigningKey"],
  [/^Key version (?<version>\d+) of application (?<sdkAppId>\d+) does not exist\.$/, "keyVersionMissing"],
  [/^The primary key cannot be retired; rotate the key first\.$/, "primaryKeyRetire"],
  [/^Enter your password to show the key\.$/, "enterPasswordForKey"],
  [/^The password is incorrect\.$/, "passwordIncorrect"],
  [/^Enter a number of days\.$/, "enterDays"],
  [/^Use whole days\.$/, "wholeDays"],
  [/^Use (?<min>\d+) to (?<max>\d+) days\.$/, "daysRange"],
  // Accounts, app admins, UserSigs
  [/^UserID is empty; use 1 to 32 characters/, "userIdEmpty"],
  [/^UserID contains (?<what>.+) at position (?<position>\d+);/, "userIdCharacter"],
  [/^UserID is (?<length>\d+) bytes long; at most (?<max>\d+) are allowed\.$/, "userIdTooLong"],
  [/^Account "(?<userId>.*)" already exists\.$/, "accountExists"],
  [/^Account "(?<userId>.*)" does not exist in application (?<sdkAppId>\d+)\.$/, "accountMissing"],
  [/^Duplicate of row (?<row>\d+)\.$/, "duplicateRow"],
  [/^Already exists; left unchanged\.$/, "accountUnchanged"],
  [/^The file has no rows\.$/, "fileEmpty"],
  [/^The file has (?<total>[\d,]+) rows; import at most (?<max>[\d,]+) at a time\.$/, "fileTooLarge"],
  [
    /^Rows (?<first>[\d,]+) to (?<last>[\d,]+) were not imported: (?<error>.+?) The rows before them were imported/,
    "chunkFailed",
  ],
  [/^(?<error>.+?) Only the first (?<done>[\d,]+) rows were handled\.$/, "readFailed"],
  [/^The console could not reach the server\.$/, "unreachable"],
  [/^Enter an http:\/\/ or https:\/\/ URL, or leave it empty\.$/, "optionalUrl"],
  [/^Avatar URL must start with http:\/\/ or https:\/\/\.$/, "avatarScheme"],
  [/^"(?<userId>.*)" is already an app admin\.$/, "alreadyAdmin"],
  [/^"(?<userId>.*)" is not an app admin\.$/, "notAdmin"],
  [/^"(?<userId>.*)" is built in and is always an app admin\.$/, "builtInAdmin"],
  [/^An application has at most (?<max>\d+) app admins; remove one before adding "(?<userId>.*)"\.$/, "tooManyAdmins"],
  [/^(?<userIds>.+) (is an app admin|are app admins); remove the admin first\.$/, "deleteAdminFirst"],
  [/^Enter the validity in seconds\.$/, "enterValidity"],
  [/^Use whole seconds\.$/, "wholeSeconds"],
  [/^Validity must be at least 1 second\.$/, "validityMin"],
  [/^Validity must be at most (?<max>\d+) seconds \(50 years\)\.$/, "validityMax"],
  [/^Your role may issue tickets valid for at most (?<max>.+); choose a shorter validity\.$/, "roleMaxValidity"],
  [/^Paste a UserSig\.$/, "pasteUserSig"],
  [/^Enter a room number or room name\.$/, "enterRoom"],
  [/^A numeric room is 1 to 4294967295\.$/, "roomRange"],
  [/^Choose at least one privilege\.$/, "choosePrivilege"],
  [/^That UserSig is not in this application's ledger\.$/, "ledgerMissing"],
  [/^Only UserSigs can be revoked\.$/, "onlyUserSigs"],
  [/^That UserSig has already expired\.$/, "userSigExpired"],
  // UserSig verdicts (lib/usersig, lib/data/ticket-check.ts): the tools show their cause and fix
  [/^The UserSig is empty\.$/, "ticketEmpty"],
  [/^Send the UserSig your App Server generated for this UserID\.$/, "ticketEmptyFix"],
  [/^The UserSig is malformed: (?<why>.+)\.$/, "ticketMalformed"],
  [/^Copy the complete UserSig again/, "ticketMalformedFix"],
  [/^The UserSig has invalid content: (?<why>.+)\.$/, "ticketInvalid"],
  [/^Generate a new UserSig with Tessera or an official TLS sig API v2 library/, "ticketInvalidFix"],
  [/^No key is configured for SDKAppID (?<sdkAppId>\d+)\.$/, "ticketNoKey"],
  [/^Create or restore a secret key for this app in the console/, "ticketNoKeyFix"],
  [
    /^The UserSig was issued for SDKAppID (?<issued>\d+), but the request is for SDKAppID (?<sdkAppId>\d+)\.$/,
    "ticketOtherApp",
  ],
  [
    /^Generate the UserSig with SDKAppID (?<sdkAppId>\d+) and that app's key, or log in to app (?<issued>\d+)\.$/,
    "ticketOtherAppFix",
  ],
  [
    /^The UserSig was issued for UserID (?<issued>".*"), but the login uses UserID (?<userId>".*")\.$/,
    "ticketOtherUser",
  ],
  [/^Log in with the UserID the UserSig was generated for/, "ticketOtherUserFix"],
  [
    /^The UserSig's signature does not match (?:the key|any of the \d+ keys) of SDKAppID (?<sdkAppId>\d+): it was signed/,
    "ticketBadSignature",
  ],
  [/^Generate a new UserSig on your App Server with this app's current key/, "ticketBadSignatureFix"],
  [
    /^The UserSig expired at (?<at>\S+) \((?<ago>\d+) seconds ago\); it was issued at (?<issuedAt>\S+) for (?<expire>\d+) seconds\.$/,
    "ticketExpired",
  ],
  [/^Generate a new UserSig on your App Server; clients should fetch a fresh one/, "ticketExpiredFix"],
  [/^SDKAppID (?<sdkAppId>\d+) does not exist\.$/, "ticketNoApp"],
  [/^Check the SDKAppID in your client configuration against the console\.$/, "ticketNoAppFix"],
  [/^Application (?<sdkAppId>\d+) is disabled\.$/, "ticketAppDisabled"],
  [/^Enable the application in the console\.$/, "ticketAppDisabledFix"],
  [/^This UserSig was revoked at (?<at>\S+)\.$/, "ticketRevoked"],
  [
    /^This UserSig was issued at (?<issuedAt>\S+), before the user's login state was invalidated at (?<at>\S+)\.$/,
    "ticketInvalidated",
  ],
  [/^Generate a new UserSig for this user\.$/, "ticketNewForUser"],
  [/^Account "(?<userId>.*)" is disabled\.$/, "ticketAccountDisabled"],
  [/^Re-enable the account in the console\.$/, "ticketAccountDisabledFix"],
  // State callbacks
  [/^Enter the callback URL\.$/, "enterCallbackUrl"],
  [/^The callback URL is not a URL\.$/, "callbackNotUrl"],
  [/^The callback URL must start with http:\/\/ or https:\/\/\.$/, "callbackScheme"],
  [/^The callback URL must not have a #fragment\.$/, "callbackFragment"],
  [/^The callback URL must not contain spaces or control characters\.$/, "callbackSpaces"],
  [/^Put no user name or password in the URL/, "callbackCredentials"],
  [/^Refused: (?<problem>.+)$/, "callbackRefused"],
  [/^A token has at most (?<max>\d+) characters\.$/, "tokenTooLong"],
  [/^Use printable ASCII characters without spaces for the token\.$/, "tokenChars"],
  [/^Choose at least one event to send\.$/, "chooseEvent"],
  [/^State callbacks are not configured for this application\.$/, "callbackNotConfigured"],
  [/^That delivery is not in this application's list\.$/, "deliveryMissing"],
  [/^Configure the state callback before sending anything again\.$/, "configureBeforeResend"],
  [/^That delivery is still being attempted\.$/, "deliveryInFlight"],
  // Operators
  [/^Enter a valid email address\.$/, "enterEmail"],
  [/^Choose a role\.$/, "chooseRole"],
  [/^Use at least 12 characters\.$/, "passwordTooShort"],
  [/^An operator with the email (?<email>.+) already exists\.$/, "operatorExists"],
  [/^This operator does not exist\.$/, "operatorMissing"],
  [/^You cannot disable yourself\.$/, "disableSelf"],
  [/^This is the last active owner; make another operator owner first\.$/, "lastOwner"],
  [/^Turn your own second factor off on your profile page\.$/, "ownSecondFactor"],
  [/^Choose who must have a second factor\.$/, "choosePolicy"],
];

/** The catalog key and arguments for a server message, or undefined when the console has no translation for it. */
export function matchError(message: string): { key: ErrorKey; values: Record<string, string> } | undefined {
  for (const [pattern, key] of ERROR_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { key, values: { ...match.groups } };
  }
  return undefined;
}

/** `message` in the console's language: `translate` is the "errors" namespace's translator. */
export function localizeError(
  message: string,
  translate: (key: ErrorKey, values: Record<string, string>) => string,
): string {
  const found = matchError(message);
  return found ? translate(found.key, found.values) : message;
}
