// Full library for server code: everything in ./browser plus generation and
// verification, which use node:crypto and the app's secret key.
export * from "./browser";
export { genUserSig, genUserSigWithUserBuf, genPrivateMapKey } from "./generate";
export { verifyUserSig, type VerifyInput, type VerifyResult } from "./verify";
